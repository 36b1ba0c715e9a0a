"""Authorization applied by route dependencies, the same shape whatever the auth method."""

import asyncio
import hashlib
import time
from collections.abc import Awaitable, Callable
from typing import Annotated, Protocol

from fastapi import Depends

from {{ cookiecutter.package_name }}.api.rate_limits import charge_caller
from {{ cookiecutter.package_name }}.shared.errors import (
    AuthenticationError,
    PermissionDeniedError,
)
from {{ cookiecutter.package_name }}.shared.security import Principal

CredentialsScheme = Callable[..., Awaitable[str | None]]
Resolve = Callable[[str], Awaitable[Principal]]
PrincipalDependency = Callable[..., Awaitable[Principal]]


class PrincipalResolver(Protocol):
    async def resolve(self, credentials: str) -> Principal:
        """The caller behind these credentials; raises AuthenticationError when they are invalid."""
        ...


# Principals remembered at once, at most: past it, the expired go, then all (a flood of tokens).
MAX_CACHED_PRINCIPALS = 10_000


class PrincipalCache:
    """Who recently presented credentials, remembered for ``seconds`` so most requests read nothing.

    Keyed by a digest of the credentials, so no secret outlives its request here. Only successful
    resolutions are kept; ``forget`` drops everything (this process changed an account or session),
    including what a resolution still under way would bring back.
    """

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._seconds = seconds
        self._clock = clock
        self._entries: dict[bytes, tuple[float, Principal]] = {}
        self._pending: dict[bytes, asyncio.Future[Principal]] = {}
        self._generation = 0

    async def resolve(self, credentials: str, resolve: Resolve) -> Principal:
        """The remembered caller, else ``resolve``'s answer, asked once for concurrent requests.

        When an entry expires under load, every request in flight with the same credentials
        waits for one resolution instead of each reading the database. A request that gives up
        does not cancel the resolution the others wait for.
        """
        principal = self.get(credentials)
        if principal is not None:
            return principal
        if self._seconds <= 0:
            return await resolve(credentials)
        key = self._key(credentials)
        pending = self._pending.get(key)
        if pending is None:
            resolution = self._resolve_once(credentials, resolve, self._generation)
            pending = asyncio.ensure_future(resolution)
            self._pending[key] = pending
            pending.add_done_callback(lambda done: self._settled(key, done))
        return await asyncio.shield(pending)

    async def _resolve_once(self, credentials: str, resolve: Resolve, generation: int) -> Principal:
        principal = await resolve(credentials)
        if generation == self._generation:
            self.put(credentials, principal)
        return principal

    def _settled(self, key: bytes, done: "asyncio.Future[Principal]") -> None:
        if self._pending.get(key) is done:
            del self._pending[key]
        if not done.cancelled():
            # Retrieved here so that an error nobody waits for any more is not reported as lost.
            done.exception()

    def get(self, credentials: str) -> Principal | None:
        if self._seconds <= 0:
            return None
        key = self._key(credentials)
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires, principal = entry
        if expires <= self._clock():
            del self._entries[key]
            return None
        return principal

    def put(self, credentials: str, principal: Principal) -> None:
        if self._seconds <= 0:
            return
        now = self._clock()
        if len(self._entries) >= MAX_CACHED_PRINCIPALS:
            self._entries = {k: v for k, v in self._entries.items() if v[0] > now}
            if len(self._entries) >= MAX_CACHED_PRINCIPALS:
                self._entries.clear()
        self._entries[self._key(credentials)] = (now + self._seconds, principal)

    def forget(self) -> None:
        self._entries.clear()
        self._pending.clear()
        self._generation += 1

    @staticmethod
    def _key(credentials: str) -> bytes:
        return hashlib.blake2b(credentials.encode(), digest_size=16).digest()


class Authorizer:
    """Builds FastAPI dependencies that authenticate the caller and check a permission."""

    def __init__(
        self,
        scheme: CredentialsScheme,
        resolver: PrincipalResolver,
        *,
        challenge: str | None = None,
        cache_seconds: float = 0.0,
    ) -> None:
        self._scheme = scheme
        self._resolver = resolver
        self._challenge = challenge
        self._principals = PrincipalCache(cache_seconds)

    @property
    def resolver(self) -> PrincipalResolver:
        """Who resolves credentials for it (the composition root may hold resources of it)."""
        return self._resolver

    @property
    def challenge(self) -> str | None:
        """The ``WWW-Authenticate`` value of a 401, when the method has an HTTP scheme."""
        return self._challenge

    def forget_principals(self) -> None:
        """Resolve every caller afresh: an account, session or key changed in this process."""
        self._principals.forget()

    def authenticated(self) -> PrincipalDependency:
        scheme = self._scheme
        resolver = self._resolver
        principals = self._principals

        async def current_principal(
            credentials: Annotated[str | None, Depends(scheme)],
        ) -> Principal:
            if not credentials:
                msg = "Authentication is required."
                raise AuthenticationError(msg)
            principal = await principals.resolve(credentials, resolver.resolve)
            # Known now: the request counts on the caller's budget (429 past it).
            await charge_caller(principal.subject)
            return principal

        return current_principal

    def require(self, permission: str) -> PrincipalDependency:
        authenticated = self.authenticated()

        async def permitted_principal(
            principal: Annotated[Principal, Depends(authenticated)],
        ) -> Principal:
            if not principal.can(permission):
                msg = "You do not have permission to perform this action."
                raise PermissionDeniedError(msg, details={"permission": permission})
            return principal

        return permitted_principal
