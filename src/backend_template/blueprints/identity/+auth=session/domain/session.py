"""A signed-in browser session as stored: only the SHA-256 digest of its id, never the id."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass
class Session:
    """Ends when idle too long, or at ``expires_at`` however busy: whichever comes first."""

    id: uuid.UUID
    user_id: uuid.UUID
    token_hash: str = field(repr=False)
    csrf_token: str = field(repr=False)
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime

    def is_expired(self, now: datetime, idle_timeout: timedelta) -> bool:
        return now >= self.expires_at or now >= self.last_seen_at + idle_timeout

    def needs_touch(self, now: datetime, interval: timedelta) -> bool:
        """Whether ``last_seen_at`` is stale enough to be written again (writes are throttled)."""
        return now - self.last_seen_at >= interval
