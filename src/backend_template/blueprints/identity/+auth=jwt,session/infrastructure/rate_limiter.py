"""Failed sign-ins counted per key in a sliding window, in this process's memory.

A blocked key records no more failures, so a key holds at most ``max_attempts`` timestamps.
Each worker process keeps its own counts; run several workers behind one limit by
implementing the LoginRateLimiter port on a shared store (Redis, the database).
"""

import math
from collections import deque

from {{ unit.shared }}.clock import Clock
from {{ unit.shared }}.errors import RateLimitedError
from {{ unit.shared }}.settings import Settings

SWEEP_THRESHOLD = 10_000


class InMemoryLoginRateLimiter:
    def __init__(self, *, max_attempts: int, window_seconds: float, clock: Clock) -> None:
        if max_attempts < 1 or window_seconds <= 0:
            msg = "max_attempts must be at least 1 and window_seconds positive"
            raise ValueError(msg)
        self._max_attempts = max_attempts
        self._window = window_seconds
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._last_sweep = float("-inf")

    @classmethod
    def from_settings(cls, settings: Settings, clock: Clock) -> "InMemoryLoginRateLimiter":
        return cls(
            max_attempts=settings.login_max_attempts,
            window_seconds=settings.login_window_seconds,
            clock=clock,
        )

    @property
    def max_attempts(self) -> int:
        return self._max_attempts

    @property
    def window_seconds(self) -> float:
        return self._window

    @property
    def tracked_keys(self) -> int:
        return len(self._failures)

    async def check(self, key: str) -> None:
        now = self._now()
        failures = self._recent(key, now)
        if failures is not None and len(failures) >= self._max_attempts:
            retry_after = max(1, math.ceil(failures[0] + self._window - now))
            msg = "Too many failed sign-in attempts. Try again later."
            raise RateLimitedError(msg, retry_after=retry_after)

    async def record_failure(self, key: str) -> None:
        now = self._now()
        if len(self._failures) >= SWEEP_THRESHOLD and now - self._last_sweep >= self._window:
            self._sweep(now)
        failures = self._recent(key, now)
        if failures is None:
            failures = self._failures[key] = deque()
        failures.append(now)

    async def reset(self, key: str) -> None:
        self._failures.pop(key, None)

    def _now(self) -> float:
        return self._clock.now().timestamp()

    def _recent(self, key: str, now: float) -> deque[float] | None:
        """The key's failures still inside the window (older ones are dropped), if it has any."""
        failures = self._failures.get(key)
        if failures is None:
            return None
        while failures and failures[0] <= now - self._window:
            failures.popleft()
        return failures

    def _sweep(self, now: float) -> None:
        """Forget keys whose failures have all left the window; at most once per window."""
        self._last_sweep = now
        for key in list(self._failures):
            if not self._recent(key, now):
                del self._failures[key]
