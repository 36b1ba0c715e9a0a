"""Replace an API key's secret: a successor with the same name and scopes, the old key revoked."""

import uuid
from dataclasses import dataclass
from datetime import datetime

import structlog

from {{ unit.application }}.dto import ApiKeyView, IssuedApiKey
from {{ unit.application }}.key_minting import KeyMinter
from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.domain }}.errors import ApiKeyNotFoundError
from {{ unit.shared }}.clock import Clock
from {{ unit.shared }}.ids import new_id

logger = structlog.get_logger(__name__)


@dataclass(frozen=True)
class RotateApiKeyCommand:
    key: uuid.UUID
    expires_at: datetime | None = None
    """A new expiry for the successor; None keeps the old key's."""
    actor: str | None = None


class RotateApiKey:
    def __init__(self, uow: UnitOfWorkFactory, minter: KeyMinter, clock: Clock) -> None:
        self._uow = uow
        self._minter = minter
        self._clock = clock

    async def execute(self, command: RotateApiKeyCommand) -> IssuedApiKey:
        minted = self._minter.mint()
        async with self._uow() as uow:
            old = await uow.keys.get(command.key)
            if old is None:
                raise ApiKeyNotFoundError(command.key)
            successor = old.rotate(
                id=new_id(),
                key_id=minted.key_id,
                key_hash=minted.digest,
                now=self._clock.now(),
                expires_at=command.expires_at,
            )
            # The version check makes two concurrent rotations of one key end in one successor.
            await uow.keys.save(old)
            await uow.keys.add(successor)
            await uow.commit()
        logger.info(
            "api_key_rotated",
            id=str(successor.id),
            key_id=successor.key_id,
            replaced=str(old.id),
            actor=command.actor,
        )
        return IssuedApiKey(view=ApiKeyView.of(successor), key=minted.text)
