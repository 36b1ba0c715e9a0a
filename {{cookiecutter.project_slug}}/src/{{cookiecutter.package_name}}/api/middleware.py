"""Per-request context: a request id in and out, bound to every log line; one access log line.

The access line is at INFO level, except a health probe answered 2xx (the orchestrator sends
one every few seconds): that one is at DEBUG, so at the default level a probe writes no line.
"""

import logging
import re
import time
import uuid
from http import HTTPStatus

import structlog
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from {{ cookiecutter.package_name }}.api.errors import handle_unexpected_error
from {{ cookiecutter.package_name }}.api.forwarded import ForwardedHeadersMiddleware
from {{ cookiecutter.package_name }}.api.health import HEALTH_PREFIX
from {{ cookiecutter.package_name }}.api.telemetry import RequestTelemetry
from {{ cookiecutter.package_name }}.shared.logging import ResponseAborted
from {{ cookiecutter.package_name }}.shared.redaction import RequestSecrets, redacting
from {{ cookiecutter.package_name }}.shared.settings import Settings

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID_NAME = REQUEST_ID_HEADER.lower().encode("latin-1")
PROBE_PREFIX = f"{HEALTH_PREFIX}/"
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")

ACCESS_LOGGER = "{{ cookiecutter.package_name }}.access"
logger = structlog.get_logger(ACCESS_LOGGER)
# Asked first, so that a line below the level (a probe's, at INFO) costs nothing to drop.
_access_records = logging.getLogger(ACCESS_LOGGER)


def accepted_request_id(value: str | None) -> str | None:
    """The caller's request id when it is safe to log and echo, else None."""
    if value is not None and _SANE_REQUEST_ID.fullmatch(value):
        return value
    return None


class RequestContextMiddleware:
    """Pure ASGI, so it sees every response, including errors turned into responses upstream.

    It measures and traces each request too (``RequestTelemetry``), around all it does.

    An exception nothing handled is answered (the 500 envelope) and logged here, once: left to
    Starlette, it would be answered, then raised again for the server to log a second time.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next((value for name, value in scope["headers"] if name == _REQUEST_ID_NAME), None)
        request_id = accepted_request_id(given.decode("latin-1") if given is not None else None)
        request_id = request_id or uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        with RequestTelemetry(scope) as telemetry:
            await self._serve(scope, receive, send, request_id, telemetry)

    async def _serve(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        request_id: str,
        telemetry: RequestTelemetry,
    ) -> None:
        status = 500
        responded = False
        started = time.perf_counter()
        secrets = RequestSecrets.of_request(scope["headers"], scope.get("query_string", b""))

        async def receive_noting_body() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                secrets.note_body(message.get("body", b""))
            return message

        async def send_with_request_id(message: Message) -> None:
            nonlocal status, responded
            if message["type"] == "http.response.start":
                status = int(message["status"])
                responded = True
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=request_id), redacting(secrets):
            try:
                await self.app(scope, receive_noting_body, send_with_request_id)
            except Exception as error:
                response = await handle_unexpected_error(Request(scope), error)
                if responded:
                    # Too late for an answer: the server must cut the response short.
                    raise ResponseAborted from None
                await response(scope, receive, send_with_request_id)
            finally:
                telemetry.status = status
                answered = status < HTTPStatus.MULTIPLE_CHOICES
                probed = answered and scope["path"].startswith(PROBE_PREFIX)
                level = logging.DEBUG if probed else logging.INFO
                if _access_records.isEnabledFor(level):
                    logger.log(
                        level,
                        "request",
                        method=scope["method"],
                        path=scope["path"],
                        status=status,
                        duration_ms=round((time.perf_counter() - started) * 1000, 2),
                    )


def install_middleware(app: FastAPI, settings: Settings) -> None:
    """CORS (when origins are configured) inside the request context, so both see every request."""
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=True,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=[REQUEST_ID_HEADER],
        )
    app.add_middleware(RequestContextMiddleware)
    if settings.trusted_proxies:
        # Outermost: everything inside (logs, rate limits) sees the client, not the proxy.
        app.add_middleware(ForwardedHeadersMiddleware, trusted=settings.trusted_proxies)
