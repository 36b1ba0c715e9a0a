"""Whether a presented API key is valid, as the identity service says, and what it may do.

The identity service is asked every time (the Authorizer in front remembers its answers for
``auth_cache_seconds``). While it cannot answer, a key it accepted within the outage grace is
still accepted on that answer; any other key is refused with the outage's 503. A key it
refuses is forgotten at once.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

import structlog

from {{ unit.domain }}.errors import InvalidApiKeyError
from {{ unit.shared }}.clock import Clock
from {{ unit.shared }}.errors import ServiceUnavailableError

logger = structlog.get_logger(__name__)

# Keys remembered for outages, at most: past it, those accepted longest ago go first.
MAX_REMEMBERED_KEYS = 10_000


@dataclass(frozen=True)
class VerifiedKey:
    """A key the identity service accepted: its id (the caller's subject) and its scopes."""

    key_id: str
    scopes: frozenset[str]


class KeyAuthority(Protocol):
    async def check(self, key: str) -> VerifiedKey:
        """The valid key's id and scopes.

        Raises InvalidApiKeyError when the key is not valid now, and ServiceUnavailableError
        when the authority cannot answer.
        """
        ...


class VerifyApiKey:
    def __init__(self, authority: KeyAuthority, clock: Clock, outage_grace: timedelta) -> None:
        self._authority = authority
        self._clock = clock
        self._grace = outage_grace
        # By a digest of the key, so that no key outlives its request here.
        self._accepted: dict[bytes, tuple[datetime, VerifiedKey]] = {}

    async def execute(self, key: str) -> VerifiedKey:
        digest = hashlib.blake2b(key.encode(), digest_size=16).digest()
        try:
            verified = await self._authority.check(key)
        except InvalidApiKeyError:
            self._accepted.pop(digest, None)
            raise
        except ServiceUnavailableError:
            remembered = self._remembered(digest)
            if remembered is None:
                raise
            logger.warning("api_key_accepted_during_outage", key_id=remembered.key_id)
            return remembered
        self._remember(digest, verified)
        return verified

    def _remembered(self, digest: bytes) -> VerifiedKey | None:
        entry = self._accepted.get(digest)
        if entry is None:
            return None
        accepted_at, verified = entry
        if self._clock.now() - accepted_at > self._grace:
            del self._accepted[digest]
            return None
        return verified

    def _remember(self, digest: bytes, verified: VerifiedKey) -> None:
        if self._grace <= timedelta(0):
            return
        self._accepted.pop(digest, None)
        if len(self._accepted) >= MAX_REMEMBERED_KEYS:
            # Dicts keep insertion order, and an accepted key is re-inserted: the first is oldest.
            del self._accepted[next(iter(self._accepted))]
        self._accepted[digest] = (self._clock.now(), verified)
