"""Settings of the calls to the upstream service, mixed into Settings (read as ``APP_<NAME>``)."""

from pydantic import BaseModel, Field, SecretStr

from {{ cookiecutter.package_name }}.shared.http_client import UpstreamPolicy
from {{ cookiecutter.package_name }}.shared.resilience import BreakerPolicy, RetryPolicy


class UpstreamSettings(BaseModel):
    """Where the service this one reads from is, and what bounds each call to it."""

    # Empty: no live reads, the local record answers (deployments set the service's address).
    upstream_url: str = ""
    # Sent as Authorization when the request being served carries none (e.g. "Bearer ...").
    upstream_credential: SecretStr | None = None
    upstream_connect_timeout_seconds: float = Field(default=0.5, gt=0, le=60)
    upstream_read_timeout_seconds: float = Field(default=1.0, gt=0, le=300)
    upstream_max_attempts: int = Field(default=3, ge=1, le=10)
    upstream_backoff_base_seconds: float = Field(default=0.05, ge=0, le=60)
    upstream_backoff_max_seconds: float = Field(default=1.0, ge=0, le=300)
    upstream_retry_after_max_seconds: float = Field(default=2.0, ge=0, le=300)
    # The breaker opens after this many failures in a row, or this ratio of failures among at
    # least the minimum of calls within the window; it lets probes through after the cool-down.
    upstream_breaker_failures: int = Field(default=5, ge=1)
    upstream_breaker_failure_ratio: float = Field(default=0.5, gt=0, le=1)
    upstream_breaker_minimum_calls: int = Field(default=20, ge=1)
    upstream_breaker_window_seconds: float = Field(default=30.0, gt=0)
    upstream_breaker_cooldown_seconds: float = Field(default=10.0, gt=0)
    upstream_breaker_half_open_probes: int = Field(default=1, ge=1)
    # The bulkhead: calls in flight at once, and how long a call waits for a free slot.
    upstream_max_concurrent: int = Field(default=20, ge=1)
    upstream_max_wait_seconds: float = Field(default=0.1, ge=0, le=60)

    def upstream_policy(self) -> UpstreamPolicy:
        return UpstreamPolicy(
            connect_timeout_seconds=self.upstream_connect_timeout_seconds,
            read_timeout_seconds=self.upstream_read_timeout_seconds,
            retry=RetryPolicy(
                max_attempts=self.upstream_max_attempts,
                base_delay_seconds=self.upstream_backoff_base_seconds,
                max_delay_seconds=self.upstream_backoff_max_seconds,
                retry_after_cap_seconds=self.upstream_retry_after_max_seconds,
            ),
            breaker=BreakerPolicy(
                failure_threshold=self.upstream_breaker_failures,
                failure_ratio=self.upstream_breaker_failure_ratio,
                minimum_calls=self.upstream_breaker_minimum_calls,
                window_seconds=self.upstream_breaker_window_seconds,
                cooldown_seconds=self.upstream_breaker_cooldown_seconds,
                half_open_probes=self.upstream_breaker_half_open_probes,
            ),
            max_concurrent=self.upstream_max_concurrent,
            max_wait_seconds=self.upstream_max_wait_seconds,
        )
