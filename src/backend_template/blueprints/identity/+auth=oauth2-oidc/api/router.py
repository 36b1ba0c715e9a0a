"""HTTP endpoints of the identity context: who the caller is, as this service sees them."""

from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Depends

from {{ unit.api }}.schemas import PrincipalOut
from {{ unit.web }}.security import Authorizer
from {{ unit.shared }}.security import Principal


def build_router(authorizer: Authorizer) -> APIRouter:
    router = APIRouter()
    authenticated = authorizer.authenticated()

    @router.get(
        "/me",
        responses={
            int(status): {"description": status.phrase}
            for status in (HTTPStatus.UNAUTHORIZED, HTTPStatus.SERVICE_UNAVAILABLE)
        },
    )
    async def me(principal: Annotated[Principal, Depends(authenticated)]) -> PrincipalOut:
        """The caller: subject, roles and permissions granted by the provider's token."""
        return PrincipalOut.of(principal)

    return router
