"""The provider's keys kept for a while, refreshed on expiry and, rate-limited, on rotation."""

import asyncio
import math
import time
from collections.abc import Callable

import structlog

from {{ unit.domain }}.errors import (
    IdentityProviderUnavailableError,
)
from {{ unit.infrastructure }}.signing_keys import (
    Jwk,
    KeySetSource,
)

# After a failed fetch the provider is asked again this soon, whatever the refresh interval:
# once it is back, a key it rotated while away is found within about a second.
RETRY_AFTER_FAILURE_SECONDS = 1.0

logger = structlog.get_logger(__name__)


class CachedKeySet:
    """Keys by id, fetched from ``source`` when missing, stale or (rate-limited) unknown.

    - The key set is reused for ``ttl`` seconds, then refetched on the next lookup (at most
      once per ``min_refresh_interval``; until then the last key set keeps serving).
    - A key id not in the set triggers one refetch, at most one every ``min_refresh_interval``
      seconds after a successful fetch (a flood of random ids fetches once), and at most one
      every ``retry_interval`` after a failed one (the provider may be back with a new key).
    - Concurrent lookups share one fetch.
    - A key id that cannot be looked up because the provider is unreachable raises
      IdentityProviderUnavailableError (a 503, the token may be fine), telling when to retry;
      keys already fetched keep serving meanwhile.
    """

    def __init__(
        self,
        source: KeySetSource,
        *,
        ttl: float,
        min_refresh_interval: float,
        retry_interval: float = RETRY_AFTER_FAILURE_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._source = source
        self._ttl = ttl
        self._min_refresh_interval = min_refresh_interval
        self._retry_interval = min(retry_interval, min_refresh_interval)
        self._monotonic = monotonic
        self._keys: dict[str, Jwk] | None = None
        self._expires_at = 0.0
        self._attempted_at: float | None = None
        self._failed = False
        self._lock = asyncio.Lock()

    async def key(self, kid: str) -> Jwk | None:
        """The key with this id, or None when the provider does not publish it."""
        if self._keys is None:
            await self._refresh(self._retry_interval)
        elif self._monotonic() >= self._expires_at:
            await self._refresh(self._min_refresh_interval)
        keys = self._keys or {}
        if kid not in keys:
            await self._refresh(self._unknown_key_interval())
            keys = self._keys or {}
        if kid in keys:
            return keys[kid]
        if self._failed:
            raise self._unavailable()
        return None

    def _unknown_key_interval(self) -> float:
        return self._retry_interval if self._failed else self._min_refresh_interval

    def _next_attempt_in(self, interval: float) -> float:
        if self._attempted_at is None:
            return 0.0
        return self._attempted_at + interval - self._monotonic()

    def _unavailable(self) -> IdentityProviderUnavailableError:
        wait = self._next_attempt_in(self._retry_interval)
        return IdentityProviderUnavailableError(retry_after=max(1, math.ceil(wait)))

    async def _refresh(self, interval: float) -> None:
        # Too soon, and no fetch under way whose result to wait for.
        if self._next_attempt_in(interval) > 0 and not self._lock.locked():
            self._raise_if_keyless()
            return
        async with self._lock:
            # Checked again under the lock: lookups that waited for a fetch use its result.
            if self._next_attempt_in(interval) > 0:
                self._raise_if_keyless()
                return
            self._attempted_at = self._monotonic()
            try:
                keys = await self._source.fetch()
            except IdentityProviderUnavailableError:
                self._failed = True
                self._raise_if_keyless()
                logger.warning("oidc_keys_stale", detail="serving the last key set fetched")
                return
            self._keys = keys
            self._failed = False
            self._expires_at = self._monotonic() + self._ttl

    def _raise_if_keyless(self) -> None:
        if self._keys is None:
            raise self._unavailable()
