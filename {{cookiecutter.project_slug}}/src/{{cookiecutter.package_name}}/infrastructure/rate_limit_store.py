"""Where rate-limit counts live: Redis, shared by every replica, or this process's memory.

Redis counts with one atomic script per hit (INCR, and PEXPIRE when the key is new), so
replicas never lose or double a hit. When Redis fails, the store fails open onto this process's
own counts: requests keep being served, limited per replica instead of across them, and a
warning says so (at most once per outage); Redis is tried again after ``retry_seconds``.
"""

import time
from collections.abc import Callable

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

from {{ cookiecutter.package_name }}.shared.rate_limits import Count, RateLimitStore

logger = structlog.get_logger(__name__)

SWEEP_THRESHOLD = 10_000

# KEYS[1] the key, ARGV[1] the window in ms; returns the hits and the ms left in the window.
HIT_SCRIPT = """
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if hits == 1 or ttl < 0 then
    redis.call('PEXPIRE', KEYS[1], ARGV[1])
    ttl = tonumber(ARGV[1])
end
return {hits, ttl}
"""


class InMemoryRateLimitStore:
    """Counts in this process only: each worker and each replica has its own."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self._windows: dict[str, tuple[int, float]] = {}
        self._next_sweep = float("-inf")

    @property
    def tracked_keys(self) -> int:
        return len(self._windows)

    async def hit(self, key: str, window_seconds: int) -> Count:
        now = self._now()
        if len(self._windows) >= SWEEP_THRESHOLD and now >= self._next_sweep:
            self._sweep(now, window_seconds)
        hits, closes = self._windows.get(key, (0, now))
        if closes <= now:
            hits, closes = 0, now + window_seconds
        self._windows[key] = (hits + 1, closes)
        return Count(hits + 1, closes - now)

    async def peek(self, key: str) -> Count | None:
        now = self._now()
        window = self._windows.get(key)
        if window is None or window[1] <= now:
            return None
        return Count(window[0], window[1] - now)

    async def forget(self, key: str) -> None:
        self._windows.pop(key, None)

    async def close(self) -> None:
        self._windows.clear()

    def _sweep(self, now: float, window_seconds: int) -> None:
        """Drop closed windows; at most once per window, so a flood of keys costs little."""
        self._next_sweep = now + window_seconds
        self._windows = {key: window for key, window in self._windows.items() if window[1] > now}


class RedisRateLimitStore:
    """Counts in Redis under ``prefix``; this process's memory while Redis does not answer."""

    def __init__(
        self,
        redis: Redis,
        *,
        prefix: str,
        fallback: RateLimitStore | None = None,
        retry_seconds: float = 5.0,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._redis = redis
        self._prefix = prefix
        self._fallback = fallback or InMemoryRateLimitStore(now)
        self._retry_seconds = retry_seconds
        self._now = now
        self._down_until: float | None = None
        self._hit = redis.register_script(HIT_SCRIPT)

    @classmethod
    def from_url(cls, url: str, *, prefix: str, timeout_seconds: float) -> "RedisRateLimitStore":
        client = Redis.from_url(
            url,
            socket_timeout=timeout_seconds,
            socket_connect_timeout=timeout_seconds,
            health_check_interval=30,
        )
        return cls(client, prefix=prefix)

    @property
    def available(self) -> bool:
        """False while this store counts in memory because Redis failed."""
        return self._down_until is None

    async def hit(self, key: str, window_seconds: int) -> Count:
        if self._skipping():
            return await self._fallback.hit(key, window_seconds)
        try:
            hits, left_ms = await self._hit(keys=[self._key(key)], args=[window_seconds * 1000])
        except (RedisError, OSError) as error:
            self._failed(error)
            return await self._fallback.hit(key, window_seconds)
        self._recovered()
        return Count(int(hits), int(left_ms) / 1000)

    async def peek(self, key: str) -> Count | None:
        if self._skipping():
            return await self._fallback.peek(key)
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                pipe.get(self._key(key))
                pipe.pttl(self._key(key))
                hits, left_ms = await pipe.execute()
        except (RedisError, OSError) as error:
            self._failed(error)
            return await self._fallback.peek(key)
        self._recovered()
        if hits is None or int(left_ms) <= 0:
            return None
        return Count(int(hits), int(left_ms) / 1000)

    async def forget(self, key: str) -> None:
        await self._fallback.forget(key)
        if self._skipping():
            return
        try:
            await self._redis.delete(self._key(key))
        except (RedisError, OSError) as error:
            self._failed(error)

    async def close(self) -> None:
        await self._redis.aclose()
        await self._fallback.close()

    def _key(self, key: str) -> str:
        return f"{self._prefix}:{key}"

    def _skipping(self) -> bool:
        if self._down_until is None:
            return False
        return self._now() < self._down_until

    def _failed(self, error: Exception) -> None:
        if self._down_until is None:
            logger.warning(
                "rate_limit_store_unavailable",
                error_type=type(error).__name__,
                detail="Redis does not answer: counting in this process until it does, so each "
                "replica applies the limits on its own",
            )
        self._down_until = self._now() + self._retry_seconds

    def _recovered(self) -> None:
        if self._down_until is not None:
            self._down_until = None
            logger.info("rate_limit_store_recovered")


def rate_limit_store(url: str | None, *, prefix: str, timeout_seconds: float) -> RateLimitStore:
    """Redis when a URL is given, else this process's memory."""
    if url:
        return RedisRateLimitStore.from_url(url, prefix=prefix, timeout_seconds=timeout_seconds)
    return InMemoryRateLimitStore()
