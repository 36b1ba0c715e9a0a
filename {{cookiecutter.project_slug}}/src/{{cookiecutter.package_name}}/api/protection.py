"""The edge defaults and rate limits, installed from the settings inside the request context.

Outermost first: the edge defaults (security headers, gzip, the body limit, the time limit, in
one middleware), then the rate limits. The request context (request id, access log) and CORS
wrap them all (api.middleware).
"""

from typing import Protocol

from fastapi import FastAPI

from {{ cookiecutter.package_name }}.api.edge import EdgeMiddleware
from {{ cookiecutter.package_name }}.api.rate_limits import RateLimiting, RateLimitMiddleware
from {{ cookiecutter.package_name }}.infrastructure.rate_limit_store import rate_limit_store
from {{ cookiecutter.package_name }}.shared.rate_limits import Budget


class RateLimitSettings(Protocol):
    """What the rate limits read of the settings: the budgets, their window and their storage."""

    @property
    def rate_limit_enabled(self) -> bool: ...

    @property
    def rate_limit_storage_url(self) -> str | None: ...

    @property
    def rate_limit_namespace(self) -> str: ...

    @property
    def rate_limit_storage_timeout_seconds(self) -> float: ...

    @property
    def rate_limit_window_seconds(self) -> int: ...

    @property
    def rate_limit_reads(self) -> int: ...

    @property
    def rate_limit_writes(self) -> int: ...

    @property
    def rate_limit_sign_ins(self) -> int: ...


class EdgeSettings(Protocol):
    """What the edge defaults read of the settings."""

    @property
    def is_production(self) -> bool: ...

    @property
    def max_request_body_bytes(self) -> int: ...

    @property
    def request_timeout_seconds(self) -> float: ...

    @property
    def unavailable_retry_after_seconds(self) -> int: ...

    @property
    def gzip_minimum_bytes(self) -> int: ...


def rate_limiting(settings: RateLimitSettings) -> RateLimiting:
    """The budgets of the settings, counted in Redis when a storage URL is set."""
    window = settings.rate_limit_window_seconds
    return RateLimiting(
        store=rate_limit_store(
            settings.rate_limit_storage_url,
            prefix=settings.rate_limit_namespace,
            timeout_seconds=settings.rate_limit_storage_timeout_seconds,
        ),
        sign_in=Budget("sign-in", settings.rate_limit_sign_ins, window),
        write=Budget("write", settings.rate_limit_writes, window),
        read=Budget("read", settings.rate_limit_reads, window),
        enabled=settings.rate_limit_enabled,
    )


def install_protection(
    app: FastAPI, settings: EdgeSettings, limits: RateLimiting, *, identifies_callers: bool
) -> None:
    """Add the middleware; call before api.middleware.install_middleware, which wraps it."""
    app.add_middleware(RateLimitMiddleware, limits=limits, identifies_callers=identifies_callers)
    app.add_middleware(
        EdgeMiddleware,
        hsts=settings.is_production,
        max_bytes=settings.max_request_body_bytes,
        timeout_seconds=settings.request_timeout_seconds,
        retry_after_seconds=settings.unavailable_retry_after_seconds,
        gzip_minimum_bytes=settings.gzip_minimum_bytes,
    )
