"""What the identity use cases return: plain data, never a key hash."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from {{ unit.domain }}.api_key import ApiKey


@dataclass(frozen=True)
class ApiKeyView:
    id: uuid.UUID
    key_id: str
    name: str
    scopes: tuple[str, ...]
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, key: ApiKey) -> "ApiKeyView":
        return cls(
            id=key.id,
            key_id=key.key_id,
            name=key.name,
            scopes=tuple(sorted(key.scopes)),
            created_at=key.created_at,
            expires_at=key.expires_at,
            last_used_at=key.last_used_at,
            revoked_at=key.revoked_at,
        )


@dataclass(frozen=True)
class IssuedApiKey:
    """A key just created or rotated: the only moment its full text is known."""

    view: ApiKeyView
    key: str = field(repr=False)
