"""Idempotency keys on every POST: a retried request gets the first one's response again.

A client that may retry a POST (after a timeout, a dropped connection) sends a key of its own
choosing in ``Idempotency-Key`` (draft-ietf-httpapi-idempotency-key-header). The first request
with the key claims it in the service's database before the route runs; its response (status,
the headers that describe it, body) is kept for ``idempotency_ttl_seconds`` and replayed, with
``Idempotent-Replayed: true``, to every later request with the same key from the same caller
and the same method, path and body. As the draft asks, the same key with another request is
refused with 422, and a request whose key is still claimed by one under way with 409: two
concurrent requests with one key never run the route twice.

The caller is the credentials the request carries (their digest: no secret is kept), so keys
of different callers never meet. A response that fails (5xx, or an error nothing answered) is
not kept: its claim is released and a retry runs anew. Nor is one that carries credentials
(``Cache-Control: no-store``, a cookie set): a retry of a sign-in signs in again.
A claim left by a process that died mid-request lapses after twice ``request_timeout_seconds``.
"""

import hashlib
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from http import HTTPStatus
from typing import Any, Protocol

from fastapi import FastAPI
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from {{ cookiecutter.package_name }}.api.errors import error_response
from {{ cookiecutter.package_name }}.api.rate_limits import CREDENTIAL_HEADERS
from {{ cookiecutter.package_name }}.shared.clock import Clock
from {{ cookiecutter.package_name }}.shared.idempotency import Claim, IdempotencyStore, KeptResponse

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
# Visible ASCII, as a structured-field string holds it; a UUID is the usual choice.
KEY_PATTERN = re.compile(r"[\x21-\x7e]{1,255}")
# What describes a response rather than its delivery (request id, rate limits, dates).
KEPT_HEADERS = frozenset(
    {"content-type", "content-language", "location", "etag", "last-modified", "link"}
)
# What a request with a key may be refused with: a malformed key, one in use, one reused.
REFUSALS = (HTTPStatus.BAD_REQUEST, HTTPStatus.CONFLICT, HTTPStatus.UNPROCESSABLE_ENTITY)
# Expired keys are deleted at most this often, by the request that finds the time has come.
PURGE_INTERVAL = timedelta(minutes=10)
DESCRIPTION = (
    "A key of your choosing (a UUID, say) that makes this request safe to retry: a retry with "
    "the same key, credentials and body gets the first response again (with "
    "`Idempotent-Replayed: true`) instead of repeating the change. Reusing a key for another "
    "request is refused with 422; a retry while the first request is under way, with 409."
)


def digest(*parts: bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        # Length-prefixed, so that no two different sequences of parts hash alike.
        hasher.update(len(part).to_bytes(8, "big"))
        hasher.update(part)
    return hasher.hexdigest()


def caller_of(scope: Scope) -> bytes:
    """The credentials the request carries, in a stable order: who the key belongs to."""
    credentials = sorted(header for header in scope["headers"] if header[0] in CREDENTIAL_HEADERS)
    return b"\n".join(name + b":" + value for name, value in credentials)


class ResponseRecorder:
    """Passes a response on while noting what a retry would need of it."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self.status = HTTPStatus.INTERNAL_SERVER_ERROR.value
        self.headers: list[tuple[str, str]] = []
        self.body = bytearray()
        self.keepable = True

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = int(message["status"])
            headers = Headers(raw=message.get("headers", []))
            no_store = "no-store" in headers.get("cache-control", "").lower()
            self.keepable = self.status < HTTPStatus.INTERNAL_SERVER_ERROR and not (
                no_store or "set-cookie" in headers
            )
            self.headers = [header for header in headers.items() if header[0] in KEPT_HEADERS]
        elif message["type"] == "http.response.body":
            self.body.extend(message.get("body", b""))
        await self._send(message)

    def kept(self) -> KeptResponse:
        return KeptResponse(self.status, tuple(self.headers), bytes(self.body))


class IdempotencyMiddleware:
    """Pure ASGI, inside the rate limits and the request context, around every POST route."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        store: IdempotencyStore,
        clock: Clock,
        ttl: timedelta,
        lock: timedelta,
    ) -> None:
        self.app = app
        self.store = store
        self.clock = clock
        self.ttl = ttl
        self.lock = lock
        self.purged_at: datetime | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = Headers(scope=scope).get(HEADER) if scope["type"] == "http" else None
        if key is None or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        if not KEY_PATTERN.fullmatch(key):
            message = f"{HEADER} must be 1 to 255 visible ASCII characters."
            refusal = refused(scope, HTTPStatus.BAD_REQUEST, "invalid_idempotency_key", message)
            await refusal(scope, receive, send)
            return
        try:
            body = await read_body(receive)
        except Exception as error:
            # Too large, say: the route meets the same refusal and answers it as usual.
            await self.app(scope, failing_receive(error), send)
            return
        caller = caller_of(scope)
        claim_key = digest(caller, key.encode())
        method, path, query = scope["method"], scope["path"], scope.get("query_string", b"")
        fingerprint = digest(method.encode(), path.encode(), query, caller, body)
        now = self.clock.now()
        held = await self.store.claim(claim_key, fingerprint, now, now + self.lock)
        if held is not None:
            await answer_to_retry(scope, held, fingerprint)(scope, receive, send)
            return
        recorder = ResponseRecorder(send)
        try:
            await self.app(scope, replaying_receive(body, receive), recorder)
        except BaseException:
            await self.store.release(claim_key)
            raise
        if recorder.keepable:
            await self.store.complete(claim_key, recorder.kept(), now + self.ttl)
        else:
            await self.store.release(claim_key)
        await self._purge_if_due(now)

    async def _purge_if_due(self, now: datetime) -> None:
        if self.purged_at is None or now - self.purged_at >= PURGE_INTERVAL:
            self.purged_at = now
            await self.store.purge(now)


async def read_body(receive: Receive) -> bytes:
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        body.extend(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return bytes(body)


def replaying_receive(body: bytes, receive: Receive) -> Receive:
    """The body, read once already, handed to the route; then whatever the client sends next."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive_again() -> Message:
        return pending.pop() if pending else await receive()

    return receive_again


def failing_receive(error: Exception) -> Receive:
    async def receive_failing() -> Message:
        raise error

    return receive_failing


def refused(scope: Scope, status: HTTPStatus, code: str, message: str) -> Response:
    headers = {"Retry-After": "1"} if status == HTTPStatus.CONFLICT else None
    return error_response(Request(scope), status, code, message, headers=headers)


def answer_to_retry(scope: Scope, held: Claim, fingerprint: str) -> Response:
    """What a request gets whose key was claimed before: a refusal, or the kept response."""
    if held.fingerprint != fingerprint:
        message = f"This {HEADER} was used for another request; use a new key for this one."
        return refused(scope, HTTPStatus.UNPROCESSABLE_ENTITY, "idempotency_key_reused", message)
    if held.response is None:
        message = f"A request with this {HEADER} is under way; retry once it has finished."
        return refused(scope, HTTPStatus.CONFLICT, "idempotency_key_in_use", message)
    return replay(held.response)


def replay(kept: KeptResponse) -> Response:
    response = Response(kept.body, status_code=kept.status)
    for name, value in kept.headers:
        response.headers.append(name, value)
    response.headers[REPLAYED_HEADER] = "true"
    return response


def document_idempotency(app: FastAPI) -> None:
    """Give every POST operation of the app's document the optional ``Idempotency-Key`` header."""
    generate: Callable[[], dict[str, Any]] = app.openapi
    parameter = {
        "name": HEADER,
        "in": "header",
        "required": False,
        "description": DESCRIPTION,
        "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
    }

    def openapi() -> dict[str, Any]:
        document = generate()
        for path_item in document.get("paths", {}).values():
            operation = path_item.get("post")
            if operation is None:
                continue
            parameters = operation.setdefault("parameters", [])
            if parameter not in parameters:
                parameters.append(parameter)
                responses = operation.setdefault("responses", {})
                for status in REFUSALS:
                    responses.setdefault(str(status.value), {"description": status.phrase})
        return document

    app.openapi = openapi  # type: ignore[method-assign]


class IdempotencySettings(Protocol):
    """What the middleware reads of the settings: how long responses are kept, requests run."""

    @property
    def idempotency_ttl_seconds(self) -> int: ...

    @property
    def request_timeout_seconds(self) -> float: ...


def install_idempotency(
    app: FastAPI, store: IdempotencyStore, clock: Clock, settings: IdempotencySettings
) -> None:
    """Add the middleware and its header to the document; call before ``install_openapi``."""
    app.add_middleware(
        IdempotencyMiddleware,
        store=store,
        clock=clock,
        ttl=timedelta(seconds=settings.idempotency_ttl_seconds),
        lock=2 * timedelta(seconds=settings.request_timeout_seconds),
    )
    document_idempotency(app)
