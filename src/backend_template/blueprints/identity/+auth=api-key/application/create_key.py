"""Issue a new API key; its full text is returned this once and only its hash is kept."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import structlog

from {{ unit.application }}.dto import ApiKeyView, IssuedApiKey
from {{ unit.application }}.ports import (
    KeyHasher,
    UnitOfWorkFactory,
)
from {{ unit.domain }}.api_key import ApiKey
from {{ unit.domain }}.key_format import new_key
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
    def __init__(
        self, uow: UnitOfWorkFactory, hasher: KeyHasher, clock: Clock, prefix: str
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock
        self._prefix = prefix

    async def execute(self, command: CreateApiKeyCommand) -> IssuedApiKey:
        parts = new_key(self._prefix)
        key = ApiKey.issue(
            id=new_id(),
            key_id=parts.key_id,
            key_hash=self._hasher.digest(parts.text),
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
        return IssuedApiKey(view=ApiKeyView.of(key), key=parts.text)
