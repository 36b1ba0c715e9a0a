"""End a session: revoke the refresh token family, which also stops its access tokens."""

from dataclasses import dataclass, field

import structlog

from {{ unit.application }}.opaque_tokens import (
    hash_refresh_token,
)
from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.shared }}.clock import Clock

logger = structlog.get_logger(__name__)


@dataclass(frozen=True)
class LogOutCommand:
    refresh_token: str = field(repr=False)


class LogOut:
    """Idempotent: an unknown or already revoked token is not an error, and says nothing."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def execute(self, command: LogOutCommand) -> None:
        async with self._uow() as uow:
            stored = await uow.refresh_tokens.get_by_hash(hash_refresh_token(command.refresh_token))
            if stored is None:
                return
            await uow.refresh_tokens.revoke_family(stored.family_id, self._clock.now())
            await uow.commit()
        logger.info("logged_out", user_id=str(stored.user_id))
