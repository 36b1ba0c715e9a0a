"""Per-request metrics and server spans, and the ``/metrics`` endpoint Prometheus scrapes.

The request context middleware (api.middleware) holds a ``RequestTelemetry`` around each
request, so it times and traces everything the middleware inside do, and its span is current
while the access log line is written. Requests are labelled by route template
(``/api/v1/products/{product_id}``), never by raw path, so the series stay few.
"""

import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager
from datetime import datetime
from http import HTTPStatus
from types import TracebackType

import structlog
from fastapi import APIRouter, FastAPI, Response
from opentelemetry import propagate
from opentelemetry.trace import Span, SpanKind, Status, StatusCode
from starlette.types import Scope

from {{ cookiecutter.package_name }}.shared.clock import Clock
from {{ cookiecutter.package_name }}.shared.metrics import (
    HTTP_REQUEST_DURATION,
    HTTP_REQUESTS,
    HTTP_REQUESTS_IN_FLIGHT,
    OUTBOX_OLDEST_AGE,
    OUTBOX_PENDING,
    exposition,
)
from {{ cookiecutter.package_name }}.shared.tracing import tracer, tracing_enabled

# Requests no route matched share one label.
UNMATCHED_ROUTE = "unmatched"
METRICS_PATH = "/metrics"

Backlog = Callable[[], Awaitable[tuple[int, datetime | None]]]

logger = structlog.get_logger(__name__)


def route_template(scope: Scope) -> str:
    """The path template of the route that answered (set by the router), else ``unmatched``."""
    route = scope.get("route")
    path = getattr(route, "path_format", None) or getattr(route, "path", None)
    return f"{scope.get('root_path', '')}{path}" if isinstance(path, str) else UNMATCHED_ROUTE


class RequestTelemetry:
    """Counts, times and (when tracing is on) traces one HTTP request, as a context manager.

    The request context middleware holds it around everything it does, the access log line
    included, and tells it the status answered (500 until told otherwise).
    """

    __slots__ = ("_span", "_span_context", "_started", "scope", "status")

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.status = HTTPStatus.INTERNAL_SERVER_ERROR.value
        self._span: Span | None = None
        self._span_context: AbstractContextManager[Span] | None = None
        self._started = 0.0

    def __enter__(self) -> "RequestTelemetry":
        if tracing_enabled():
            self._start_span()
        HTTP_REQUESTS_IN_FLIGHT.inc()
        self._started = time.perf_counter()
        return self

    def __exit__(
        self,
        error_type: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        elapsed = time.perf_counter() - self._started
        HTTP_REQUESTS_IN_FLIGHT.dec()
        method, route, status = self.scope["method"], route_template(self.scope), self.status
        HTTP_REQUESTS.labels(method, route, str(status)).inc()
        HTTP_REQUEST_DURATION.labels(method, route).observe(elapsed)
        if self._span is not None and self._span_context is not None:
            self._span.update_name(f"{method} {route}")
            self._span.set_attribute("http.route", route)
            self._span.set_attribute("http.response.status_code", status)
            if status >= HTTPStatus.INTERNAL_SERVER_ERROR:
                self._span.set_status(Status(StatusCode.ERROR))
            self._span_context.__exit__(error_type, error, traceback)

    def _start_span(self) -> None:
        carrier = {
            key.decode("latin-1"): value.decode("latin-1")
            for key, value in self.scope["headers"]
            if key in (b"traceparent", b"tracestate")
        }
        method = self.scope["method"]
        self._span_context = tracer.start_as_current_span(
            method,
            context=propagate.extract(carrier),
            kind=SpanKind.SERVER,
            attributes={"http.request.method": method, "url.path": self.scope["path"]},
        )
        self._span = self._span_context.__enter__()


def build_metrics_router(backlog: Backlog, clock: Clock) -> APIRouter:
    """``GET /metrics``: every metric, the outbox backlog read at each scrape."""
    router = APIRouter()

    @router.get(METRICS_PATH, include_in_schema=False)
    async def prometheus_metrics() -> Response:
        try:
            pending, oldest = await backlog()
        except Exception as error:
            # The other metrics still tell what happens; the backlog is read again next time.
            logger.warning("outbox_backlog_unreadable", error=f"{type(error).__name__}: {error}")
        else:
            OUTBOX_PENDING.set(pending)
            age = (clock.now() - oldest).total_seconds() if oldest else 0.0
            OUTBOX_OLDEST_AGE.set(max(age, 0.0))
        body, content_type = exposition()
        return Response(body, media_type=content_type)

    return router


def install_telemetry(app: FastAPI, backlog: Backlog, clock: Clock) -> None:
    """The metrics endpoint; the request context middleware measures and traces each request."""
    app.include_router(build_metrics_router(backlog, clock))
