"""Per-request metrics and server spans, and the ``/metrics`` endpoint Prometheus scrapes.

Pure ASGI and outermost, so it times and traces everything inside it, and its span is current
while the access log line is written. Requests are labelled by route template
(``/api/v1/products/{product_id}``), never by raw path, so the series stay few.
"""

import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from http import HTTPStatus

import structlog
from fastapi import APIRouter, FastAPI, Response
from opentelemetry import propagate
from opentelemetry.trace import SpanKind, Status, StatusCode
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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


class TelemetryMiddleware:
    """Counts, times and (when tracing is on) traces every HTTP request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if tracing_enabled():
            await self._traced(scope, receive, send)
        else:
            await self._measured(scope, receive, send)

    async def _measured(self, scope: Scope, receive: Receive, send: Send) -> int:
        status = HTTPStatus.INTERNAL_SERVER_ERROR.value

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        HTTP_REQUESTS_IN_FLIGHT.inc()
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            elapsed = time.perf_counter() - started
            HTTP_REQUESTS_IN_FLIGHT.dec()
            method, route = scope["method"], route_template(scope)
            HTTP_REQUESTS.labels(method, route, str(status)).inc()
            HTTP_REQUEST_DURATION.labels(method, route).observe(elapsed)
        return status

    async def _traced(self, scope: Scope, receive: Receive, send: Send) -> None:
        carrier = {
            key.decode("latin-1"): value.decode("latin-1")
            for key, value in scope["headers"]
            if key in (b"traceparent", b"tracestate")
        }
        method = scope["method"]
        with tracer.start_as_current_span(
            method,
            context=propagate.extract(carrier),
            kind=SpanKind.SERVER,
            attributes={"http.request.method": method, "url.path": scope["path"]},
        ) as span:
            status = HTTPStatus.INTERNAL_SERVER_ERROR.value
            try:
                status = await self._measured(scope, receive, send)
            finally:
                route = route_template(scope)
                span.update_name(f"{method} {route}")
                span.set_attribute("http.route", route)
                span.set_attribute("http.response.status_code", status)
                if status >= HTTPStatus.INTERNAL_SERVER_ERROR:
                    span.set_status(Status(StatusCode.ERROR))


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
    """The metrics endpoint, and the middleware outermost (installed after all the others)."""
    app.include_router(build_metrics_router(backlog, clock))
    app.add_middleware(TelemetryMiddleware)
