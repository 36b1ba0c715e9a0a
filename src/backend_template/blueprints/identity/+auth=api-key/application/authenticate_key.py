"""Which stored key a presented API key is, if it is one that may be used now."""

from datetime import timedelta

import structlog

from {{ unit.application }}.dto import ApiKeyView
from {{ unit.application }}.ports import (
    KeyHasher,
    UnitOfWorkFactory,
)
from {{ unit.domain }}.errors import InvalidApiKeyError
from {{ unit.domain }}.key_format import parse_key
from {{ unit.shared }}.clock import Clock
from {{ unit.shared }}.errors import ServiceUnavailableError

logger = structlog.get_logger(__name__)

# Compared against when the key id is unknown, so that both paths do the same work.
_NO_HASH = "0" * 64


class AuthenticateApiKey:
    """Looks the key up by its public key id, then compares digests in constant time.

    The last-used time is written at most once per ``last_used_interval`` per key, so that
    busy keys do not turn every request into a write, and in a transaction of its own that
    may fail without refusing the key.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        hasher: KeyHasher,
        clock: Clock,
        last_used_interval: timedelta,
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock
        self._interval = last_used_interval

    async def execute(self, presented: str) -> ApiKeyView:
        parts = parse_key(presented)
        if parts is None:
            logger.info("api_key_rejected", reason="malformed")
            raise InvalidApiKeyError
        now = self._clock.now()
        async with self._uow() as uow:
            key = await uow.keys.get_by_key_id(parts.key_id)
            matches = self._hasher.matches(parts.text, key.key_hash if key else _NO_HASH)
            if key is None or not matches:
                reason = "unknown" if key is None else "wrong_secret"
                logger.info("api_key_rejected", reason=reason, key_id=parts.key_id)
                raise InvalidApiKeyError
            if not key.is_usable(now):
                reason = "revoked" if key.is_revoked else "expired"
                logger.info("api_key_rejected", reason=reason, key_id=parts.key_id)
                raise InvalidApiKeyError
            if not key.use_worth_recording(now, self._interval):
                return ApiKeyView.of(key)
        try:
            async with self._uow() as uow:
                await uow.keys.record_use(key.id, now, not_after=now - self._interval)
                await uow.commit()
        except ServiceUnavailableError:
            # The key is valid: when it was last used is bookkeeping, never a reason to refuse
            # a caller while the database takes no writes (a lock, a read-only replica).
            logger.warning("api_key_use_not_recorded", key_id=parts.key_id)
        else:
            key.last_used_at = now
        return ApiKeyView.of(key)
