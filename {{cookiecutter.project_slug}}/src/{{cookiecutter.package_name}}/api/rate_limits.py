"""Rate limits on every route: per user when the caller is known, per client address otherwise.

Three budgets: sign-in (the routes that check a password), writes (unsafe methods) and reads.
A request without credentials is counted on its client address before anything else runs. A
request with credentials is counted on its user once the authorizer knows who it is
(``charge_caller``); if no route dependency identifies it (a public route, or credentials
that fail), it is counted on its client address when its response starts, and answered 429 in
place of that response when the client's budget is spent. Health probes are not counted.

Every counted response carries the IETF ``RateLimit-Policy`` and ``RateLimit`` headers
(draft-ietf-httpapi-ratelimit-headers); a 429 carries ``Retry-After`` too.
"""

from contextvars import ContextVar
from dataclasses import dataclass, field
from http import HTTPStatus

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from {{ cookiecutter.package_name }}.api.errors import error_response
from {{ cookiecutter.package_name }}.shared.errors import RateLimitedError
from {{ cookiecutter.package_name }}.shared.metrics import RATE_LIMIT_REJECTIONS
from {{ cookiecutter.package_name }}.shared.rate_limits import Budget, Count, RateLimitStore

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CREDENTIAL_HEADERS = frozenset({b"authorization", b"x-api-key", b"cookie"})
MESSAGE = "Too many requests. Try again later."


@dataclass
class RateLimiting:
    """The store, the budgets and the routes that sign in (the identity unit adds them)."""

    store: RateLimitStore
    sign_in: Budget
    write: Budget
    read: Budget
    enabled: bool = True
    exempt_prefixes: tuple[str, ...] = ("/health/",)
    sign_in_paths: set[str] = field(default_factory=set)

    def add_sign_in_path(self, path: str) -> None:
        self.sign_in_paths.add(path)

    def budget_of(self, method: str, path: str) -> Budget | None:
        if path.startswith(self.exempt_prefixes):
            return None
        if path in self.sign_in_paths:
            return self.sign_in
        return self.read if method in SAFE_METHODS else self.write


class _Charge:
    """One request's hit: on which key, and the count it got (None: not counted yet)."""

    __slots__ = ("budget", "client", "count", "store")

    def __init__(self, store: RateLimitStore, budget: Budget, client: str) -> None:
        self.store = store
        self.budget = budget
        self.client = client
        self.count: Count | None = None

    async def hit(self, kind: str, identity: str) -> Count:
        key = f"{self.budget.name}:{kind}:{identity}"
        self.count = await self.store.hit(key, self.budget.window_seconds)
        return self.count

    @property
    def exceeded(self) -> bool:
        return self.count is not None and self.count.hits > self.budget.limit

    def headers(self) -> list[tuple[bytes, bytes]]:
        budget, count = self.budget, self.count
        if count is None:
            return []
        remaining = max(0, budget.limit - count.hits)
        policy = f'"{budget.name}";q={budget.limit};w={budget.window_seconds}'
        state = f'"{budget.name}";r={remaining};t={count.seconds_left()}'
        headers = [(b"ratelimit-policy", policy.encode()), (b"ratelimit", state.encode())]
        if self.exceeded:
            headers.append((b"retry-after", str(count.seconds_left()).encode()))
        return headers


_current: ContextVar[_Charge | None] = ContextVar("rate_limit_charge", default=None)


async def charge_caller(subject: str) -> None:
    """Count the request on the authenticated caller's budget; RateLimitedError past it.

    The authorizer calls it once it knows the caller; a request is counted once.
    """
    charge = _current.get()
    if charge is None or charge.count is not None:
        return
    count = await charge.hit("user", subject)
    if charge.exceeded:
        RATE_LIMIT_REJECTIONS.labels(charge.budget.name).inc()
        raise RateLimitedError(MESSAGE, retry_after=count.seconds_left())


def _carries_credentials(scope: Scope) -> bool:
    return any(name in CREDENTIAL_HEADERS for name, _ in scope["headers"])


def _client_of(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


class RateLimitMiddleware:
    """Pure ASGI: counts each request once and adds the RateLimit headers to its response."""

    def __init__(self, app: ASGIApp, limits: RateLimiting, *, identifies_callers: bool) -> None:
        self.app = app
        self.limits = limits
        self.identifies_callers = identifies_callers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        budget = None
        if scope["type"] == "http" and self.limits.enabled:
            budget = self.limits.budget_of(scope["method"], scope["path"])
        if budget is None:
            await self.app(scope, receive, send)
            return
        charge = _Charge(self.limits.store, budget, _client_of(scope))
        deferred = (
            self.identifies_callers
            and budget is not self.limits.sign_in
            and _carries_credentials(scope)
        )
        if not deferred:
            await charge.hit("client", charge.client)
            if charge.exceeded:
                await self._refuse(charge, scope, receive, send)
                return
        refused = False

        async def send_with_limits(message: Message) -> None:
            nonlocal refused
            if refused:
                return
            if message["type"] == "http.response.start":
                if charge.count is None:
                    await charge.hit("client", charge.client)
                    if charge.exceeded:
                        refused = True
                        await self._refuse(charge, scope, receive, send)
                        return
                headers = list(message.get("headers", ()))
                extra = charge.headers()
                if charge.exceeded:  # the authorizer's 429 has its Retry-After already
                    present = {name.lower() for name, _ in headers}
                    extra = [header for header in extra if header[0] not in present]
                message["headers"] = headers + extra
            await send(message)

        token = _current.set(charge)
        try:
            await self.app(scope, receive, send_with_limits)
        finally:
            _current.reset(token)

    async def _refuse(self, charge: _Charge, scope: Scope, receive: Receive, send: Send) -> None:
        RATE_LIMIT_REJECTIONS.labels(charge.budget.name).inc()
        response = error_response(
            Request(scope),
            HTTPStatus.TOO_MANY_REQUESTS,
            RateLimitedError.code,
            MESSAGE,
            {"policy": charge.budget.name},
        )
        response.raw_headers.extend(charge.headers())
        await response(scope, receive, send)
