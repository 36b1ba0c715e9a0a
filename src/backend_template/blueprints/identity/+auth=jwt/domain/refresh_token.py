"""A refresh token as stored: only its hash, in a family that rotation keeps together."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class RefreshToken:
    """One link of a session's rotation chain; a family is one sign-in and all its refreshes."""

    id: uuid.UUID
    user_id: uuid.UUID
    family_id: uuid.UUID
    token_hash: str = field(repr=False)
    issued_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    revoked_at: datetime | None = None

    @property
    def is_spent(self) -> bool:
        """Already exchanged or revoked: presenting it again means it was stolen or replayed."""
        return self.used_at is not None or self.revoked_at is not None

    def is_expired(self, now: datetime) -> bool:
        return now >= self.expires_at
