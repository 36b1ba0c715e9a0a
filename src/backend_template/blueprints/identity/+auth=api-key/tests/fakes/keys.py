"""Keys issued through the real use case onto the in-memory store, for tests that need one."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from {{ unit.application }}.create_key import (
    CreateApiKey,
    CreateApiKeyCommand,
)
from {{ unit.application }}.dto import IssuedApiKey

PREFIX = "acme"


@dataclass
class KeyIssuer:
    create: CreateApiKey

    async def __call__(
        self,
        scopes: Sequence[str] = ("*",),
        *,
        name: str = "ci",
        expires_at: datetime | None = None,
    ) -> IssuedApiKey:
        return await self.create.execute(
            CreateApiKeyCommand(name=name, scopes=scopes, expires_at=expires_at)
        )
