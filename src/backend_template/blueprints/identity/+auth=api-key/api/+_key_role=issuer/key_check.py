"""The internal key check: the other services of the system ask here whether a key is valid.

It is not part of the public API: it lives outside ``/api`` (neither the gateway nor the
Ingress routes it), is left out of the OpenAPI document, and answers only callers presenting
the service secret (APP_KEY_VERIFICATION_SECRET) as ``Authorization: Bearer <secret>``,
compared in constant time. Without the secret configured, it answers nobody.

``GET /internal/v1/identity/key`` with the presented key in ``X-API-Key``: 200 with the key's
id and scopes, 401 in the error envelope when the key is malformed, unknown, revoked or
expired, 403 when the service secret is missing or wrong.
"""

import hmac
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Response
from pydantic import BaseModel, SecretStr

from {{ unit.shared }}.errors import (
    AuthenticationError,
    PermissionDeniedError,
)
from {{ unit.shared }}.security import Principal

KEY_CHECK_PREFIX = "/internal/v1/identity"
BEARER = "bearer "


class CheckedKeyOut(BaseModel):
    """A valid key as the checking service needs it: who it is, and what it may do."""

    key_id: str
    scopes: list[str]


def service_credential_guard(secret: SecretStr | None) -> Callable[..., Awaitable[None]]:
    """A dependency that lets through only callers presenting ``secret`` as a bearer token."""
    expected = secret.get_secret_value().encode() if secret else None

    async def guard(authorization: Annotated[str | None, Header()] = None) -> None:
        presented = authorization or ""
        token = presented[len(BEARER) :] if presented.lower().startswith(BEARER) else ""
        # compare_digest: the time taken tells nothing about how much of the secret matched.
        if expected is None or not hmac.compare_digest(token.encode(), expected):
            msg = "This endpoint answers the system's services only."
            raise PermissionDeniedError(msg)

    return guard


def build_key_check_router(
    resolve: Callable[[str], Awaitable[Principal]], secret: SecretStr | None
) -> APIRouter:
    router = APIRouter(dependencies=[Depends(service_credential_guard(secret))])

    @router.get("/key", include_in_schema=False)
    async def check_key(
        response: Response,
        x_api_key: Annotated[str | None, Header()] = None,
    ) -> CheckedKeyOut:
        """The key presented to another service, if it is valid now."""
        if not x_api_key:
            msg = "An API key to check is required."
            raise AuthenticationError(msg)
        principal = await resolve(x_api_key)
        response.headers["Cache-Control"] = "no-store"
        return CheckedKeyOut(key_id=principal.subject, scopes=sorted(principal.permissions))

    return router
