"""Issue a new API key; its full text is returned this once and only its hash is kept."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import structlog

from {{ unit.application }}.dto import ApiKeyView, IssuedApiKey
from {{ unit.application }}.key_minting import KeyMinter
from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.domain }}.api_key import ApiKey
from {{ unit.shared }}.clock import Clock
from {{ unit.shared }}.ids import new_id

logger = structlog.get_logger(__name__)


@dataclass(frozen=True)
class CreateApiKeyCommand:
    name: str
    scopes: Sequence[str]
    expires_at: datetime | None = None
    actor: str | None = None
    """Who asked (the subject of the calling key), or None from the command line."""


class CreateApiKey:
    def __init__(self, uow: UnitOfWorkFactory, minter: KeyMinter, clock: Clock) -> None:
        self._uow = uow
        self._minter = minter
        self._clock = clock

    async def execute(self, command: CreateApiKeyCommand) -> IssuedApiKey:
        minted = self._minter.mint()
        key = ApiKey.issue(
            id=new_id(),
            key_id=minted.key_id,
            key_hash=minted.digest,
            name=command.name,
            scopes=command.scopes,
            now=self._clock.now(),
            expires_at=command.expires_at,
        )
        async with self._uow() as uow:
            await uow.keys.add(key)
            await uow.commit()
        logger.info(
            "api_key_created",
            id=str(key.id),
            key_id=key.key_id,
            scopes=sorted(key.scopes),
            actor=command.actor,
        )
        return IssuedApiKey(view=ApiKeyView.of(key), key=minted.text)
