"""Revoke an API key for good: from the next request on, it authenticates nobody."""

import uuid
from dataclasses import dataclass

import structlog

from {{ unit.application }}.dto import ApiKeyView
from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.domain }}.errors import ApiKeyNotFoundError
from {{ unit.shared }}.clock import Clock

logger = structlog.get_logger(__name__)


@dataclass(frozen=True)
class RevokeApiKeyCommand:
    key: uuid.UUID
    actor: str | None = None


class RevokeApiKey:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def execute(self, command: RevokeApiKeyCommand) -> ApiKeyView:
        async with self._uow() as uow:
            key = await uow.keys.get(command.key)
            if key is None:
                raise ApiKeyNotFoundError(command.key)
            if key.revoke(self._clock.now()):
                await uow.keys.save(key)
                await uow.commit()
                logger.info(
                    "api_key_revoked", id=str(key.id), key_id=key.key_id, actor=command.actor
                )
        return ApiKeyView.of(key)
