"""The identity service as the authority on API keys, asked over its internal key check.

Calls go through a ``ResilientClient``: bounded in time, retried once more when the identity
service is briefly unreachable, cut off by a circuit breaker when it keeps failing (each
refused call is then a 503 with Retry-After at once, instead of a wait for a timeout).
"""

from http import HTTPStatus

import structlog
from pydantic import BaseModel, SecretStr, ValidationError

from {{ unit.application }}.verify_key import VerifiedKey
from {{ unit.domain }}.errors import InvalidApiKeyError
from {{ unit.shared }}.clock import Clock
from {{ unit.shared }}.http_client import (
    ResilientClient,
    UpstreamPolicy,
    UpstreamUnavailableError,
)
from {{ unit.shared }}.resilience import BreakerPolicy, RetryPolicy
from {{ unit.shared }}.settings import Settings

logger = structlog.get_logger(__name__)

UPSTREAM = "identity"
# The identity service's internal key check (never routed by the gateway or the Ingress).
KEY_CHECK_PATH = "/internal/v1/identity/key"
API_KEY_HEADER = "X-API-Key"


class _CheckedKey(BaseModel):
    key_id: str
    scopes: list[str]


def identity_policy(settings: Settings) -> UpstreamPolicy:
    """What bounds each key check, from the ``identity_*`` settings."""
    return UpstreamPolicy(
        connect_timeout_seconds=settings.identity_connect_timeout_seconds,
        read_timeout_seconds=settings.identity_read_timeout_seconds,
        # A request waits for its caller's key: short pauses, and no long Retry-After honoured.
        retry=RetryPolicy(
            max_attempts=settings.identity_max_attempts,
            max_delay_seconds=0.5,
            retry_after_cap_seconds=0.5,
        ),
        breaker=BreakerPolicy(
            failure_threshold=settings.identity_breaker_failures,
            cooldown_seconds=settings.identity_breaker_cooldown_seconds,
        ),
    )


class IdentityServiceKeyAuthority:
    """Asks the identity service about a key, presenting the service secret."""

    def __init__(self, client: ResilientClient, secret: SecretStr | None) -> None:
        self._client = client
        self._secret = secret

    @classmethod
    def from_settings(cls, settings: Settings, clock: Clock) -> "IdentityServiceKeyAuthority":
        client = ResilientClient(UPSTREAM, settings.identity_url, identity_policy(settings), clock)
        return cls(client, settings.key_verification_secret)

    async def aclose(self) -> None:
        await self._client.aclose()

    async def check(self, key: str) -> VerifiedKey:
        headers = {API_KEY_HEADER: key}
        if self._secret is not None:
            # Lower case: it replaces the Authorization of the request being served.
            headers["authorization"] = f"Bearer {self._secret.get_secret_value()}"
        response = await self._client.get(KEY_CHECK_PATH, headers=headers)
        if response.status_code == HTTPStatus.UNAUTHORIZED:
            raise InvalidApiKeyError
        if response.status_code != HTTPStatus.OK:
            # 403: this service's secret is not the identity service's. Nothing a caller can fix.
            logger.error("key_check_refused", upstream=UPSTREAM, status=response.status_code)
            raise UpstreamUnavailableError(UPSTREAM, f"status_{response.status_code}")
        try:
            checked = _CheckedKey.model_validate_json(response.content)
        except ValidationError:
            raise UpstreamUnavailableError(UPSTREAM, "malformed_answer") from None
        return VerifiedKey(key_id=checked.key_id, scopes=frozenset(checked.scopes))
