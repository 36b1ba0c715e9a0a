"""Edge defaults every response gets: security headers, a body size limit, a time limit.

Each is a pure ASGI middleware with its values computed once, so a request pays for a few list
operations. Their refusals use the error envelope (413, 503 with Retry-After).
"""

import asyncio
from collections.abc import Sequence
from http import HTTPStatus

from fastapi.exceptions import HTTPException
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from {{ cookiecutter.package_name }}.api.errors import error_response

# API responses are data: nothing in them may load, run, frame or submit anything.
API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# Swagger UI and ReDoc load their scripts, styles, fonts and icon from these origins, and
# start with an inline script; "Try it out" and a sign-in's token exchange call the API and
# the identity provider (https).
DOCS_SOURCES = "https://cdn.jsdelivr.net"
DOCS_POLICY = (
    "default-src 'none'; "
    f"script-src 'self' 'unsafe-inline' {DOCS_SOURCES}; "
    f"style-src 'self' 'unsafe-inline' {DOCS_SOURCES} https://fonts.googleapis.com; "
    "font-src https://fonts.gstatic.com; "
    f"img-src 'self' data: {DOCS_SOURCES} https://fastapi.tiangolo.com; "
    "connect-src 'self' https:; worker-src blob:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
DOCS_PATHS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc"})
HSTS = "max-age=63072000; includeSubDomains"

Headers_ = list[tuple[bytes, bytes]]


def security_headers(*, content_security_policy: str, hsts: bool) -> Headers_:
    headers = [
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"content-security-policy", content_security_policy.encode()),
    ]
    if hsts:
        headers.append((b"strict-transport-security", HSTS.encode()))
    return headers


class SecurityHeadersMiddleware:
    """Adds the security headers (those a response sets itself are kept)."""

    def __init__(
        self, app: ASGIApp, *, hsts: bool, docs_paths: Sequence[str] = tuple(DOCS_PATHS)
    ) -> None:
        self.app = app
        self.docs_paths = frozenset(docs_paths)
        self.api_headers = security_headers(content_security_policy=API_POLICY, hsts=hsts)
        self.docs_headers = security_headers(content_security_policy=DOCS_POLICY, hsts=hsts)
        self.names = frozenset(name for name, _ in self.api_headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.docs_headers if scope["path"] in self.docs_paths else self.api_headers

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers if name.lower() in self.names}
                headers.extend(header for header in extra if header[0] not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _too_large(limit: int) -> HTTPException:
    return HTTPException(
        HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"The request body exceeds {limit} bytes."
    )


class BodyLimitMiddleware:
    """413 for a body over ``max_bytes``: told by Content-Length up front, else while read."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        received = 0

        async def receive_within_limit() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # An HTTPException reaches the error handlers through the framework.
                    raise _too_large(self.max_bytes)
            return message

        await self.app(scope, receive_within_limit, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = _too_large(self.max_bytes)
        response = error_response(
            Request(scope),
            error.status_code,
            "payload_too_large",
            str(error.detail),
            {"max_bytes": self.max_bytes},
            {"Connection": "close"},
        )
        await response(scope, receive, send)


class TimeoutMiddleware:
    """503 with Retry-After for a request with no response after ``seconds``.

    The time limit ends when the response starts: a response being streamed is not cut.
    """

    def __init__(self, app: ASGIApp, *, seconds: float, retry_after_seconds: int) -> None:
        self.app = app
        self.seconds = seconds
        self.retry_after = str(retry_after_seconds)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        deadline = asyncio.timeout(self.seconds)

        async def send_in_time(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                deadline.reschedule(None)
            await send(message)

        try:
            async with deadline:
                await self.app(scope, receive, send_in_time)
        except TimeoutError:
            # A TimeoutError of the application's own (a statement's) is not this limit's.
            if started or not deadline.expired():
                raise
            response = error_response(
                Request(scope),
                HTTPStatus.SERVICE_UNAVAILABLE,
                "timeout",
                "The request took too long to answer.",
                {"timeout_seconds": self.seconds},
                {"Retry-After": self.retry_after},
            )
            await response(scope, receive, send)
