{%- set wire = json_case(cookiecutter) -%}
"""Edge defaults every response gets: security headers, gzip, a body size limit, a time limit.

One pure ASGI middleware applies them all with its values computed once, so a request pays for
one wrapper and a few list operations, not one layer per default. Its refusals use the error
envelope (413, 503 with Retry-After).
"""

import asyncio
from collections.abc import Sequence
from http import HTTPStatus

from fastapi.exceptions import HTTPException
from starlette.middleware.gzip import GZipResponder
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
VARY_ACCEPT_ENCODING = (b"vary", b"Accept-Encoding")


def security_headers(*, content_security_policy: str, hsts: bool) -> Headers_:
    headers = [
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"content-security-policy", content_security_policy.encode()),
    ]
    if hsts:
        headers.append((b"strict-transport-security", HSTS.encode()))
    return headers


class SecurityHeaders:
    """The security headers of a path's responses (those a response sets itself are kept)."""

    def __init__(self, *, hsts: bool, docs_paths: Sequence[str] = tuple(DOCS_PATHS)) -> None:
        self.docs_paths = frozenset(docs_paths)
        self.api_headers = security_headers(content_security_policy=API_POLICY, hsts=hsts)
        self.docs_headers = security_headers(content_security_policy=DOCS_POLICY, hsts=hsts)
        self.names = frozenset(name for name, _ in self.api_headers)

    def add_to(self, message: Message, path: str) -> None:
        extra = self.docs_headers if path in self.docs_paths else self.api_headers
        headers = list(message.get("headers", ()))
        present = {name.lower() for name, _ in headers if name.lower() in self.names}
        headers.extend(header for header in extra if header[0] not in present)
        message["headers"] = headers


class SecurityHeadersMiddleware:
    """Only the security headers, for an application without the other edge defaults."""

    def __init__(
        self, app: ASGIApp, *, hsts: bool, docs_paths: Sequence[str] = tuple(DOCS_PATHS)
    ) -> None:
        self.app = app
        self.headers = SecurityHeaders(hsts=hsts, docs_paths=docs_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.headers.add_to(message, path)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _too_large(limit: int) -> HTTPException:
    return HTTPException(
        HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"The request body exceeds {limit} bytes."
    )


class EdgeMiddleware:
    """Security headers, gzip for clients that accept it, a body limit and a time limit.

    The body limit answers 413 for a body over ``max_bytes``: told by Content-Length up front,
    else while the body is read. The time limit answers 503 with Retry-After for a request with
    no response after ``timeout_seconds``; it ends when the response starts, so a response being
    streamed is not cut. Responses of at least ``gzip_minimum_bytes`` are compressed when the
    request accepts gzip, and say that they vary with Accept-Encoding either way.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        hsts: bool,
        max_bytes: int,
        timeout_seconds: float,
        retry_after_seconds: int,
        gzip_minimum_bytes: int,
    ) -> None:
        self.app = app
        self.headers = SecurityHeaders(hsts=hsts)
        self.max_bytes = max_bytes
        self.timeout_seconds = timeout_seconds
        self.retry_after = str(retry_after_seconds)
        self.gzip_minimum_bytes = gzip_minimum_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = accepts_gzip = None
        for name, value in scope["headers"]:
            if name == b"content-length":
                declared = value
            elif name == b"accept-encoding":
                accepts_gzip = b"gzip" in value
        path = scope["path"]
        started = False
        deadline = asyncio.timeout(self.timeout_seconds)

        async def send_at_the_edge(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                if not deadline.expired():  # else this is the time limit's own answer
                    deadline.reschedule(None)
                self.headers.add_to(message, path)
                if not accepts_gzip and self._compressible(message):
                    message["headers"].append(VARY_ACCEPT_ENCODING)
            await send(message)

        too_large = declared is not None and declared.isdigit() and int(declared) > self.max_bytes
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

        inner = self.app
        if accepts_gzip:
            inner = GZipResponder(self.app, self.gzip_minimum_bytes)
        try:
            async with deadline:
                if too_large:
                    await self._refuse(scope, receive, send_at_the_edge)
                else:
                    await inner(scope, receive_within_limit, send_at_the_edge)
        except TimeoutError:
            # A TimeoutError of the application's own (a statement's) is not this limit's.
            if started or not deadline.expired():
                raise
            await self._time_out(scope, receive, send_at_the_edge)

    def _compressible(self, message: Message) -> bool:
        """Whether the response is large enough that a client accepting gzip gets it gzipped."""
        for name, value in message.get("headers", ()):
            if name.lower() == b"content-length":
                return value.isdigit() and int(value) >= self.gzip_minimum_bytes
        return False

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = _too_large(self.max_bytes)
        response = error_response(
            Request(scope),
            error.status_code,
            "payload_too_large",
            str(error.detail),
            {"{{ wire.key("max_bytes") }}": self.max_bytes},
            {"Connection": "close"},
        )
        await response(scope, receive, send)

    async def _time_out(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(
            Request(scope),
            HTTPStatus.SERVICE_UNAVAILABLE,
            "timeout",
            "The request took too long to answer.",
            {"{{ wire.key("timeout_seconds") }}": self.timeout_seconds},
            {"Retry-After": self.retry_after},
        )
        await response(scope, receive, send)
