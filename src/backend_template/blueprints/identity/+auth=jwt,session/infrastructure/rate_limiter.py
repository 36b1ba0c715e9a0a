"""Failed sign-ins counted per key in the platform's rate-limit store.

The store is Redis when ``APP_RATE_LIMIT_STORAGE_URL`` is set, so every replica counts the same
failures; else this process's memory. A key's window opens with its first failure and lasts
``window_seconds``; past ``max_attempts`` failures, sign-ins on that key are refused until it
closes. Keys (client address and email) are stored as digests: no email reaches the store.
"""

import hashlib

from {{ unit.shared }}.errors import RateLimitedError
from {{ unit.shared }}.metrics import RATE_LIMIT_REJECTIONS
from {{ unit.shared }}.rate_limits import RateLimitStore
from {{ unit.shared }}.settings import Settings

# The budget's name in the rate-limit rejections metric, and its keys' prefix in the store.
POLICY = "sign-in-failures"
KEY_PREFIX = f"{POLICY}:"


class StoredLoginRateLimiter:
    def __init__(self, store: RateLimitStore, *, max_attempts: int, window_seconds: int) -> None:
        if max_attempts < 1 or window_seconds < 1:
            msg = "max_attempts must be at least 1 and window_seconds positive"
            raise ValueError(msg)
        self._store = store
        self._max_attempts = max_attempts
        self._window = window_seconds

    @classmethod
    def from_settings(cls, settings: Settings, store: RateLimitStore) -> "StoredLoginRateLimiter":
        return cls(
            store,
            max_attempts=settings.login_max_attempts,
            window_seconds=settings.login_window_seconds,
        )

    @property
    def max_attempts(self) -> int:
        return self._max_attempts

    @property
    def window_seconds(self) -> int:
        return self._window

    async def check(self, key: str) -> None:
        count = await self._store.peek(self._key(key))
        if count is not None and count.hits >= self._max_attempts:
            RATE_LIMIT_REJECTIONS.labels(POLICY).inc()
            msg = "Too many failed sign-in attempts. Try again later."
            raise RateLimitedError(msg, retry_after=count.seconds_left())

    async def record_failure(self, key: str) -> None:
        await self._store.hit(self._key(key), self._window)

    async def reset(self, key: str) -> None:
        await self._store.forget(self._key(key))

    @staticmethod
    def _key(key: str) -> str:
        return KEY_PREFIX + hashlib.sha256(key.encode()).hexdigest()
