"""Settings of API keys verified by the identity service, mixed into Settings.

This service stores no keys: it asks the identity service (APP_IDENTITY_URL) whether a
presented key is valid, presenting APP_KEY_VERIFICATION_SECRET, and remembers the answer.
``production_problems()`` lists the unsafe values Settings refuses to start in production with.
"""

from pydantic import Field

from {{ cookiecutter.package_name }}.shared.key_verification_settings import (
    KeyVerificationSettings,
)


class AuthSettings(KeyVerificationSettings):
    # How long this process remembers a key the identity service accepted, instead of asking
    # again: a revocation takes effect here within this many seconds. 0 remembers nothing.
    auth_cache_seconds: float = Field(default=5.0, ge=0, le=60)
    # Where the identity service answers (inside the cluster; locally, its `make run` port).
    identity_url: str = Field(default="http://127.0.0.1:8001", min_length=1)
    # While the identity service cannot answer, a key it accepted within this many seconds is
    # still accepted (its last answer); other keys get 503 with Retry-After. 0: none is.
    identity_outage_grace_seconds: float = Field(default=300.0, ge=0, le=86_400)
    # What bounds each key check: timeouts, attempts, and the circuit breaker's cool-down.
    identity_connect_timeout_seconds: float = Field(default=0.5, gt=0, le=60)
    identity_read_timeout_seconds: float = Field(default=1.0, gt=0, le=60)
    identity_max_attempts: int = Field(default=2, ge=1, le=5)
    identity_breaker_failures: int = Field(default=5, ge=1)
    identity_breaker_cooldown_seconds: float = Field(default=5.0, gt=0, le=300)

    def production_problems(self) -> list[str]:
        """Why these settings are unsafe in production; empty when they are fine."""
        return self.key_verification_problems()
