"""The provider's keys kept for a while, refreshed on expiry and, rate-limited, on rotation."""

import asyncio
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

logger = structlog.get_logger(__name__)


class CachedKeySet:
    """Keys by id, fetched from ``source`` when missing, stale or (once per interval) unknown.

    - The key set is reused for ``ttl`` seconds, then refetched on the next lookup.
    - A key id not in the set triggers one refetch, at most one every ``min_refresh_interval``
      seconds (the provider may have rotated its keys; a flood of random ids fetches once).
    - Concurrent lookups share one fetch.
    - If the provider is down, keys already fetched keep serving; with none, the lookup raises
      IdentityProviderUnavailableError, and the provider is asked again only after the interval.
    """

    def __init__(
        self,
        source: KeySetSource,
        *,
        ttl: float,
        min_refresh_interval: float,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._source = source
        self._ttl = ttl
        self._min_refresh_interval = min_refresh_interval
        self._monotonic = monotonic
        self._keys: dict[str, Jwk] | None = None
        self._expires_at = 0.0
        self._attempted_at: float | None = None
        self._lock = asyncio.Lock()

    async def key(self, kid: str) -> Jwk | None:
        """The key with this id, or None when the provider does not publish it."""
        if self._keys is None or self._monotonic() >= self._expires_at:
            await self._refresh()
        keys = self._keys or {}
        if kid not in keys and self._may_refresh():
            await self._refresh()
            keys = self._keys or {}
        return keys.get(kid)

    def _may_refresh(self) -> bool:
        attempted_at = self._attempted_at
        return attempted_at is None or (
            self._monotonic() - attempted_at >= self._min_refresh_interval
        )

    async def _refresh(self) -> None:
        async with self._lock:
            # Checked under the lock: lookups that waited for a fetch use its result.
            if not self._may_refresh():
                self._raise_if_keyless()
                return
            self._attempted_at = self._monotonic()
            try:
                keys = await self._source.fetch()
            except IdentityProviderUnavailableError:
                if self._keys is None:
                    raise
                logger.warning("oidc_keys_stale", detail="serving the last key set fetched")
                return
            self._keys = keys
            self._expires_at = self._monotonic() + self._ttl

    def _raise_if_keyless(self) -> None:
        if self._keys is None:
            raise IdentityProviderUnavailableError
