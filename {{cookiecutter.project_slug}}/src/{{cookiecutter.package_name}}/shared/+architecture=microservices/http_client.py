"""Calls to another service over HTTP: bounded in time, retried when safe, cut off when failing.

A ``ResilientClient`` talks to one upstream. Every call waits a bounded time for a bulkhead
slot, passes the upstream's circuit breaker, and has connect and read timeouts. A call that
can safely be sent twice (GET, HEAD, PUT, DELETE, OPTIONS; a POST only with an
Idempotency-Key) is retried with backoff and full jitter after a connection failure, a
timeout, a 502, 503, 504 or a 429 (whose Retry-After is honoured up to a cap). When the
upstream cannot answer, the call raises ``UpstreamUnavailableError``: the error envelope's
503 ``unavailable``, with Retry-After.

The request the service is serving goes along: its request id, its trace context
(``traceparent``, ``tracestate``) and the caller's ``Authorization`` (or, for a call of the
service's own, its service credential). ``CallerContextMiddleware`` keeps the inbound
headers where the client finds them.
"""

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

import httpx
import structlog
from starlette.types import ASGIApp, Receive, Scope, Send

from {{ cookiecutter.package_name }}.shared.clock import Clock
from {{ cookiecutter.package_name }}.shared.errors import ServiceUnavailableError
from {{ cookiecutter.package_name }}.shared.resilience import (
    BreakerPolicy,
    Bulkhead,
    BulkheadFullError,
    CircuitBreaker,
    Jitter,
    RetryPolicy,
    full_jitter,
)

logger = structlog.get_logger(__name__)

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
IDEMPOTENCY_KEY = "idempotency-key"
RETRIED_STATUSES = frozenset({429, 502, 503, 504})
# The inbound headers a call carries on (ASGI names them in lower case).
PROPAGATED_HEADERS = frozenset({b"authorization", b"traceparent", b"tracestate"})
REQUEST_ID_HEADER = "X-Request-ID"
# What a client is told to wait when the bulkhead refuses a call: slots free up fast.
BULKHEAD_RETRY_AFTER_SECONDS = 1

_inbound_headers: ContextVar[Sequence[tuple[bytes, bytes]]] = ContextVar(
    "inbound_headers", default=()
)


class CallerContextMiddleware:
    """Keeps the headers of the request being served, for the calls it makes to others.

    Pure ASGI and lazy: it keeps a reference to the headers; a call picks what it forwards.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = _inbound_headers.set(scope["headers"])
        try:
            await self.app(scope, receive, send)
        finally:
            _inbound_headers.reset(token)


def propagated_headers(service_credential: str | None = None) -> dict[str, str]:
    """The headers a call carries from the request being served.

    The caller's ``Authorization`` wins; ``service_credential`` (a whole header value, such as
    ``Bearer ...``) stands in when there is none, e.g. for a call no request started.
    """
    headers = {
        name.decode("latin-1"): value.decode("latin-1")
        for name, value in _inbound_headers.get()
        if name in PROPAGATED_HEADERS
    }
    if "authorization" not in headers and service_credential:
        headers["authorization"] = service_credential
    request_id = structlog.contextvars.get_contextvars().get("request_id")
    if isinstance(request_id, str):
        headers[REQUEST_ID_HEADER] = request_id
    return headers


def may_retry(method: str, headers: Mapping[str, str]) -> bool:
    """Whether sending the request twice is safe: an idempotent method, or an idempotency key."""
    if method.upper() in IDEMPOTENT_METHODS:
        return True
    return method.upper() == "POST" and any(name.lower() == IDEMPOTENCY_KEY for name in headers)


def retry_after_seconds(response: httpx.Response) -> float | None:
    """The response's Retry-After in seconds, when it gives a number (dates are not honoured)."""
    value = response.headers.get("retry-after", "").strip()
    try:
        return max(float(value), 0.0) if value else None
    except ValueError:
        return None


class UpstreamUnavailableError(ServiceUnavailableError):
    """The upstream did not answer usefully: down, slow, failing, or cut off by its breaker."""

    def __init__(self, upstream: str, reason: str, *, retry_after: int | None = None) -> None:
        super().__init__(
            f"The {upstream} service is unavailable; try again later.",
            retry_after=retry_after,
            details={"upstream": upstream, "reason": reason},
        )
        self.reason = reason


@dataclass(frozen=True)
class UpstreamPolicy:
    """Everything that bounds the calls to one upstream."""

    connect_timeout_seconds: float = 1.0
    read_timeout_seconds: float = 2.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    breaker: BreakerPolicy = field(default_factory=BreakerPolicy)
    max_concurrent: int = 20
    max_wait_seconds: float = 0.1

    @property
    def timeout(self) -> httpx.Timeout:
        return httpx.Timeout(
            connect=self.connect_timeout_seconds,
            read=self.read_timeout_seconds,
            write=self.read_timeout_seconds,
            pool=self.max_wait_seconds,
        )


@dataclass(frozen=True)
class _Failure:
    reason: str
    retry_after: float | None = None
    transient: bool = True  # worth another attempt (a 500 says the request itself fails)


class ResilientClient:
    """HTTP calls to one upstream (``name`` at ``base_url``) under an ``UpstreamPolicy``."""

    def __init__(  # noqa: PLR0913 - the seams tests inject, each with a production default
        self,
        name: str,
        base_url: str,
        policy: UpstreamPolicy,
        clock: Clock,
        *,
        service_credential: str | None = None,
        jitter: Jitter = full_jitter,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.name = name
        self.breaker = CircuitBreaker(policy.breaker, clock)
        self._policy = policy
        self._bulkhead = Bulkhead(policy.max_concurrent, policy.max_wait_seconds)
        self._credential = service_credential
        self._jitter = jitter
        self._sleep = sleep
        self._http = httpx.AsyncClient(
            base_url=base_url,
            timeout=policy.timeout,
            transport=transport,
            limits=httpx.Limits(max_connections=policy.max_concurrent),
            follow_redirects=False,
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("GET", path, **kwargs)

    async def request(
        self,
        method: str,
        path: str,
        *,
        headers: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """The upstream's answer, if below 500 and no 429; else UpstreamUnavailableError.

        ``kwargs`` go to httpx (``params``, ``json``, ``content``).
        """
        outgoing = {**propagated_headers(self._credential), **(headers or {})}
        retried = may_retry(method, outgoing)
        try:
            async with self._bulkhead.slot():
                return await self._attempts(method, path, outgoing, retried, kwargs)
        except BulkheadFullError:
            logger.warning("upstream_refused", upstream=self.name, reason="bulkhead_full")
            raise UpstreamUnavailableError(
                self.name, "bulkhead_full", retry_after=BULKHEAD_RETRY_AFTER_SECONDS
            ) from None

    async def _attempts(
        self,
        method: str,
        path: str,
        headers: dict[str, str],
        retried: bool,  # noqa: FBT001 - internal, named at the one call
        kwargs: dict[str, Any],
    ) -> httpx.Response:
        attempt = 0
        while True:
            attempt += 1
            if not self.breaker.allow():
                logger.warning("upstream_refused", upstream=self.name, reason="circuit_open")
                raise UpstreamUnavailableError(
                    self.name, "circuit_open", retry_after=self.breaker.retry_after()
                )
            outcome = await self._attempt(method, path, headers, kwargs)
            if isinstance(outcome, httpx.Response):
                return outcome
            delay = None
            if retried and outcome.transient:
                delay = self._policy.retry.delay(attempt, self._jitter, outcome.retry_after)
            logger.warning(
                "upstream_failed",
                upstream=self.name,
                method=method,
                attempt=attempt,
                reason=outcome.reason,
                retry_in_seconds=None if delay is None else round(delay, 3),
            )
            if delay is None:
                wait = outcome.retry_after
                raise UpstreamUnavailableError(
                    self.name, outcome.reason, retry_after=None if wait is None else round(wait)
                )
            await self._sleep(delay)

    async def _attempt(
        self, method: str, path: str, headers: dict[str, str], kwargs: dict[str, Any]
    ) -> httpx.Response | _Failure:
        """One call through the breaker: the response, or why it failed (told to the breaker)."""
        try:
            response = await self._http.request(method, path, headers=headers, **kwargs)
        except httpx.TimeoutException:
            self.breaker.failed()
            return _Failure("timeout")
        except httpx.TransportError:
            self.breaker.failed()
            return _Failure("unreachable")
        except BaseException:
            self.breaker.abandoned()
            raise
        status = response.status_code
        if status in RETRIED_STATUSES or status >= HTTPStatus.INTERNAL_SERVER_ERROR:
            self.breaker.failed()
            transient = status in RETRIED_STATUSES
            return _Failure(f"status_{status}", retry_after_seconds(response), transient)
        self.breaker.succeeded()
        return response
