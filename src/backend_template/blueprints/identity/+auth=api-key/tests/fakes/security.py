"""Fast stand-ins for the clock and the key hasher."""

import hashlib
import hmac
from datetime import UTC, datetime, timedelta


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2025, 1, 1, 12, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)


class FakeKeyHasher:
    """Tagged SHA-256 digests; counts the comparisons so tests see both paths do the work."""

    def __init__(self) -> None:
        self.comparisons = 0

    def digest(self, key: str) -> str:
        return "fake$" + hashlib.sha256(key.encode()).hexdigest()

    def matches(self, key: str, key_hash: str) -> bool:
        self.comparisons += 1
        return hmac.compare_digest(self.digest(key), key_hash)
