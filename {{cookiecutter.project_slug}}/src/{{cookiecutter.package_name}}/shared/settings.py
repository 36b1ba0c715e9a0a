"""Configuration read once from the environment (prefix ``APP_``) and an optional ``.env`` file."""

import ipaddress
import json
import secrets
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from {{ cookiecutter.package_name }}.shared.auth_settings import AuthSettings
from {{ cookiecutter.package_name }}.shared.broker_settings import BrokerSettings
from {{ cookiecutter.package_name }}.shared.upstream_settings import UpstreamSettings

# Rate-limit keys in a shared Redis start with it: one service's counts never meet another's.
RATE_LIMIT_NAMESPACE = "{{ cookiecutter.project_slug }}:rate-limit"
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
# Signs list cursors when APP_CURSOR_SECRET is unset: they die with the process.
_EPHEMERAL_CURSOR_SECRET = secrets.token_bytes(32)
MIN_CURSOR_SECRET_LENGTH = 32


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class Settings(BaseSettings, AuthSettings, BrokerSettings, UpstreamSettings):
    """Every setting of the service; production refuses to start with unsafe values."""

    model_config = SettingsConfigDict(
        env_prefix="APP_",
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,
        extra="ignore",
        frozen=True,
        # Validation errors must not echo the values: they include secrets and database URLs.
        hide_input_in_errors=True,
    )

    app_name: str = {{ cookiecutter.project_name | python_string }}
    environment: Environment = Environment.DEVELOPMENT
    log_level: LogLevel = "INFO"
    log_json: bool = True
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # The proxies whose X-Forwarded-For and X-Forwarded-Proto are believed, as networks
    # (comma-separated CIDRs): the ingress controller's or the gateway's. Empty: nobody's, the
    # peer is the client. A catch-all (0.0.0.0/0, ::/0) lets any caller pick its address, and
    # with it a fresh sign-in rate limit: production refuses it unless trust_any_proxy is set.
    trusted_proxies: Annotated[list[ipaddress.IPv4Network | ipaddress.IPv6Network], NoDecode] = (
        Field(default_factory=list)
    )
    trust_any_proxy: bool = False

    database_url: str = Field(
        default="{{ cookiecutter.__database_url }}",
        description="Database URL in the form {{ cookiecutter.__orm_label }} expects.",
    )
    database_echo: bool = False
    # One worker keeps pool_size connections open; a request beyond them waits its turn (up to
    # database_pool_timeout_seconds). Overflow connections are closed as soon as they are
    # returned, so a steady load above pool_size would open and close one per request.
    database_pool_size: int = Field(default=20, ge=1)
    database_max_overflow: int = Field(default=0, ge=0)
    database_pool_recycle_seconds: int = Field(default=1800, ge=-1)
    # A database that is down or silent fails a request in seconds (503 with Retry-After), not
    # when the client gives up: opening a connection, waiting for a free one in the pool, and
    # waiting for a statement's answer (on SQLite: for another writer's lock) are each bounded.
    database_connect_timeout_seconds: float = Field(default=5.0, gt=0, le=3600)
    database_pool_timeout_seconds: float = Field(default=5.0, gt=0, le=3600)
    database_statement_timeout_seconds: float = Field(default=10.0, gt=0, le=86_400)
    # What a 503 tells clients (Retry-After) when a dependency such as the database is unavailable.
    unavailable_retry_after_seconds: int = Field(default=5, ge=0, le=3600)

    # The outbox relay: how many events per batch, how long it sleeps when there is nothing to
    # publish (a commit wakes it sooner), the longest pause while the publisher keeps failing,
    # and how long published events are kept before they are deleted.
    outbox_batch_size: int = Field(default=100, ge=1, le=10_000)
    outbox_poll_interval_seconds: float = Field(default=1.0, gt=0, le=3600)
    outbox_max_backoff_seconds: float = Field(default=30.0, gt=0, le=3600)
    outbox_retention_hours: float = Field(default=168.0, ge=0)

    # How long the first response to a POST with an Idempotency-Key is kept and replayed to
    # retries with the same key (default a day); expired keys are deleted.
    idempotency_ttl_seconds: int = Field(default=86_400, ge=1, le=2_592_000)

    # Rate limits per user (authenticated) or per client address, in windows of
    # rate_limit_window_seconds: reads, writes, and requests to the sign-in routes. Counted in
    # Redis when rate_limit_storage_url is set (every replica shares the counts), else in each
    # process. A Redis that fails is noted in the log and the counts fall back to the process.
    rate_limit_enabled: bool = True
    rate_limit_storage_url: str | None = None
    rate_limit_namespace: str = Field(default=RATE_LIMIT_NAMESPACE, min_length=1)
    rate_limit_storage_timeout_seconds: float = Field(default=0.25, gt=0, le=60)
    rate_limit_window_seconds: int = Field(default=60, ge=1, le=86_400)
    rate_limit_reads: int = Field(default=1200, ge=1)
    rate_limit_writes: int = Field(default=300, ge=1)
    rate_limit_sign_ins: int = Field(default=20, ge=1)
    # The largest request body (413 past it), the longest wait for a response to start (503
    # past it), and the smallest response body that is gzip-compressed for clients that accept it.
    max_request_body_bytes: int = Field(default=1_048_576, ge=1)
    request_timeout_seconds: float = Field(default=30.0, gt=0, le=3600)
    gzip_minimum_bytes: int = Field(default=1024, ge=0)
    # Signs the cursors of lists (keyset paging) so that clients cannot forge them; every
    # replica needs the same one. Unset: a random one per process, and a cursor another
    # replica issued is refused (the client starts again from the first page).
    cursor_secret: SecretStr | None = None

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("cursor_secret")
    @classmethod
    def _long_cursor_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_CURSOR_SECRET_LENGTH:
            msg = (
                f"APP_CURSOR_SECRET must be at least {MIN_CURSOR_SECRET_LENGTH} characters; "
                "generate one with python -c 'import secrets; print(secrets.token_urlsafe(48))'"
            )
            raise ValueError(msg)
        return value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        """Accept a JSON list or a comma-separated string: ``https://a.example,https://b.example``."""
        if not isinstance(value, str):
            return value
        text = value.strip()
        if text.startswith("["):
            return json.loads(text)
        return [origin.strip() for origin in text.split(",") if origin.strip()]

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _parse_networks(cls, value: object) -> object:
        """Comma-separated CIDRs (``10.0.0.0/8, 2001:db8::/32``); an address is a /32 or /128."""
        if not isinstance(value, str):
            return value
        networks = []
        for item in (part.strip() for part in value.split(",")):
            if not item:
                continue
            try:
                networks.append(ipaddress.ip_network(item))
            except ValueError:
                msg = f"{item!r} is not a network: give CIDRs such as 10.0.0.0/8, host bits zero"
                raise ValueError(msg) from None
        return networks

    @model_validator(mode="after")
    def _refuse_catch_all_proxies(self) -> Self:
        if self.is_production and self.proxy_problems():
            raise ValueError("; ".join(self.proxy_problems()))
        return self

    def proxy_problems(self) -> list[str]:
        """Why production would refuse the trusted proxies (a catch-all not acknowledged)."""
        catch_all = [str(net) for net in self.trusted_proxies if net.prefixlen == 0]
        if not catch_all or self.trust_any_proxy:
            return []
        return [
            f"APP_TRUSTED_PROXIES contains {', '.join(catch_all)}: any caller could choose its "
            "client address; list the proxies' networks (or set APP_TRUST_ANY_PROXY=true)"
        ]

    @model_validator(mode="after")
    def _refuse_wildcard_origins(self) -> Self:
        if self.is_production and "*" in self.cors_origins:
            msg = (
                "APP_CORS_ORIGINS contains '*': CORS sends credentials, so any site could call "
                "the API as the signed-in user; list the origins instead"
            )
            raise ValueError(msg)
        return self

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Self:
        if self.environment is Environment.PRODUCTION:
            problems = self.production_problems()
            if problems:
                raise ValueError("; ".join(problems))
        return self

    @property
    def is_production(self) -> bool:
        return self.environment is Environment.PRODUCTION

    @property
    def cursor_key(self) -> bytes:
        """The key list cursors are signed with: APP_CURSOR_SECRET, else this process's own."""
        if self.cursor_secret is None:
            return _EPHEMERAL_CURSOR_SECRET
        return self.cursor_secret.get_secret_value().encode()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read on first use."""
    return Settings()
