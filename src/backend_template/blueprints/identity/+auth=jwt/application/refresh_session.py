"""Rotate a refresh token: the presented one is spent, a new one continues the same family."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import NoReturn

import structlog

from {{ unit.application }}.opaque_tokens import (
    hash_refresh_token,
)
from {{ unit.application }}.ports import (
    IdentityUnitOfWork,
    UnitOfWorkFactory,
)
from {{ unit.application }}.sessions import SessionIssuer
from {{ unit.application }}.tokens import TokenPair
from {{ unit.domain }}.errors import InvalidTokenError
from {{ unit.domain }}.refresh_token import RefreshToken
from {{ unit.shared }}.clock import Clock

logger = structlog.get_logger(__name__)


@dataclass(frozen=True)
class RefreshSessionCommand:
    refresh_token: str = field(repr=False)


class RefreshSession:
    """Reuse detection: a spent token presented again revokes its whole family.

    Only the thief or the owner can hold a spent token, and we cannot tell which, so every
    session descended from it ends and the owner signs in again.
    """

    def __init__(self, uow: UnitOfWorkFactory, sessions: SessionIssuer, clock: Clock) -> None:
        self._uow = uow
        self._sessions = sessions
        self._clock = clock

    async def execute(self, command: RefreshSessionCommand) -> TokenPair:
        now = self._clock.now()
        async with self._uow() as uow:
            stored = await uow.refresh_tokens.get_by_hash(hash_refresh_token(command.refresh_token))
            if stored is None or stored.revoked_at is not None:
                raise InvalidTokenError
            if stored.used_at is not None:
                await self._end_family(uow, stored, now, reused=True)
            if stored.is_expired(now):
                raise InvalidTokenError
            user = await uow.users.get(stored.user_id)
            if user is None or not user.is_active:
                await self._end_family(uow, stored, now, reused=False)
            # Consuming is one conditional update: of two concurrent refreshes, one loses here.
            if not await uow.refresh_tokens.consume(stored.id, now):
                await self._end_family(uow, stored, now, reused=True)
            tokens = await self._sessions.issue(uow, user, stored.family_id, now)
            await uow.commit()
        logger.info("session_refreshed", user_id=str(user.id))
        return tokens

    @staticmethod
    async def _end_family(
        uow: IdentityUnitOfWork,
        stored: RefreshToken,
        now: datetime,
        *,
        reused: bool,
    ) -> NoReturn:
        await uow.refresh_tokens.revoke_family(stored.family_id, now)
        await uow.commit()
        if reused:
            logger.warning(
                "refresh_token_reused",
                user_id=str(stored.user_id),
                family_id=str(stored.family_id),
            )
        raise InvalidTokenError
