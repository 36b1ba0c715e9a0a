"""Revoke an API key for good: from the next request on, it authenticates nobody.

Keys stay manageable without the command line: a key cannot revoke itself, and the last usable
key that administers keys cannot be revoked. Rotation is not refused: the successor keeps the
scopes.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

import structlog

from {{ unit.application }}.dto import ApiKeyView
from {{ unit.application }}.ports import IdentityUnitOfWork, UnitOfWorkFactory
from {{ unit.domain }}.api_key import ApiKey
from {{ unit.domain }}.errors import (
    ApiKeyNotFoundError,
    LastAdminKeyError,
    SelfRevocationError,
)
from {{ unit.shared }}.clock import Clock
from {{ unit.shared }}.pagination import MAX_LIMIT, PageRequest
from {{ unit.shared }}.security import Principal

logger = structlog.get_logger(__name__)

# What the key administration endpoints require of the caller.
ADMIN_PERMISSION = "identity:admin"


@dataclass(frozen=True)
class RevokeApiKeyCommand:
    key: uuid.UUID
    actor: str | None = None
    """The id of the key making the request; None when the system acts."""


def administers_keys(key: ApiKey, now: datetime) -> bool:
    """Whether the key, usable now, passes the administrators' guard."""
    caller = Principal(subject=str(key.id), roles=frozenset(), permissions=key.scopes)
    return key.is_usable(now) and caller.can(ADMIN_PERMISSION)


class RevokeApiKey:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def execute(self, command: RevokeApiKeyCommand) -> ApiKeyView:
        if command.actor == str(command.key):
            raise SelfRevocationError
        async with self._uow() as uow:
            key = await uow.keys.get(command.key)
            if key is None:
                raise ApiKeyNotFoundError(command.key)
            now = self._clock.now()
            changed = [key]
            if administers_keys(key, now):
                changed.append(await self._keeper(uow, key, command.actor, now))
            if key.revoke(now):
                # The keeper is saved too (its version moves): a concurrent revocation of it
                # then fails, so two admin keys revoking each other leave one. Saved in id
                # order, so that two such transactions wait for each other, never deadlock.
                for item in sorted(changed, key=lambda item: item.id):
                    await uow.keys.save(item)
                await uow.commit()
                logger.info(
                    "api_key_revoked", id=str(key.id), key_id=key.key_id, actor=command.actor
                )
        return ApiKeyView.of(key)

    async def _keeper(
        self, uow: IdentityUnitOfWork, revoked: ApiKey, actor: str | None, now: datetime
    ) -> ApiKey:
        """Another key that administers keys and stays: the actor's own, else the oldest."""
        if actor is not None:
            own = await uow.keys.get(uuid.UUID(actor))
            if own is not None and administers_keys(own, now):
                return own
        page = PageRequest(offset=0, limit=MAX_LIMIT)
        while True:
            keys = await uow.keys.list_page(page)
            for key in keys.items:
                if key.id != revoked.id and administers_keys(key, now):
                    return key
            if page.offset + page.limit >= keys.total:
                raise LastAdminKeyError
            page = PageRequest(offset=page.offset + page.limit, limit=page.limit)
