"""Authorization applied by route dependencies, the same shape whatever the auth method."""

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
PrincipalDependency = Callable[..., Awaitable[Principal]]


class PrincipalResolver(Protocol):
    async def resolve(self, credentials: str) -> Principal:
        """The caller behind these credentials; raises AuthenticationError when they are invalid."""
        ...


class Authorizer:
    """Builds FastAPI dependencies that authenticate the caller and check a permission."""

    def __init__(
        self,
        scheme: CredentialsScheme,
        resolver: PrincipalResolver,
        *,
        challenge: str | None = None,
    ) -> None:
        self._scheme = scheme
        self._resolver = resolver
        self._challenge = challenge

    @property
    def challenge(self) -> str | None:
        """The ``WWW-Authenticate`` value of a 401, when the method has an HTTP scheme."""
        return self._challenge

    def authenticated(self) -> PrincipalDependency:
        scheme = self._scheme
        resolver = self._resolver

        async def current_principal(
            credentials: Annotated[str | None, Depends(scheme)],
        ) -> Principal:
            if not credentials:
                msg = "Authentication is required."
                raise AuthenticationError(msg)
            principal = await resolver.resolve(credentials)
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
