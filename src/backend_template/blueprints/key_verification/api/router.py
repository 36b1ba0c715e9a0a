{%- set wire = json_case(cookiecutter) -%}
"""HTTP endpoints of the identity context: the calling key, as this service sees it."""

from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Depends
{%- if not wire.camel %}
from pydantic import BaseModel
{%- endif %}

{% if wire.camel -%}
from {{ unit.web }}.camel_case import CamelModel
{% endif -%}
from {{ unit.web }}.security import Authorizer
from {{ unit.shared }}.security import Principal


class CallingKeyOut({{ wire.model }}):
    """The key making the request: its id, and the scopes the identity service gave it."""

    key_id: str
    scopes: list[str]


def build_router(authorizer: Authorizer) -> APIRouter:
    router = APIRouter()
    authenticated = authorizer.authenticated()
    refusals = (HTTPStatus.UNAUTHORIZED, HTTPStatus.SERVICE_UNAVAILABLE)

    @router.get(
        "/me",
        responses={int(status): {"description": status.phrase} for status in refusals},
    )
    async def me(principal: Annotated[Principal, Depends(authenticated)]) -> CallingKeyOut:
        """The API key making this request, as the identity service vouched for it."""
        return CallingKeyOut(key_id=principal.subject, scopes=sorted(principal.permissions))

    return router
