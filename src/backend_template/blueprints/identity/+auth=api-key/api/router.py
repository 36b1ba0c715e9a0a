"""HTTP endpoints of the identity context: the calling key, and key administration."""

import uuid
from dataclasses import dataclass
from http import HTTPStatus
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Response, status

from {{ unit.api }}.schemas import (
    CreateKeyIn,
    IssuedKeyOut,
    KeyOut,
    RotateKeyIn,
)
from {{ unit.web }}.pagination import PageOut, offset_page, page_request
from {{ unit.web }}.security import Authorizer
from {{ unit.application }}.create_key import (
    CreateApiKey,
    CreateApiKeyCommand,
)
from {{ unit.application }}.get_key import GetApiKey
from {{ unit.application }}.list_keys import ListApiKeys
from {{ unit.application }}.revoke_key import (
    RevokeApiKey,
    RevokeApiKeyCommand,
)
from {{ unit.application }}.rotate_key import (
    RotateApiKey,
    RotateApiKeyCommand,
)
from {{ unit.shared }}.pagination import PageRequest
from {{ unit.shared }}.security import Principal

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


@dataclass(frozen=True)
class IdentityUseCases:
    create_key: CreateApiKey
    list_keys: ListApiKeys
    get_key: GetApiKey
    revoke_key: RevokeApiKey
    rotate_key: RotateApiKey


def documented(*statuses: HTTPStatus) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error envelopes an endpoint answers with."""
    return {int(status): {"description": status.phrase} for status in statuses}


ADMIN = documented(HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN)
ADMIN_READ = documented(HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND)
ADMIN_ON_KEY = documented(
    HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND, HTTPStatus.CONFLICT
)
REVOKE = {**ADMIN_ON_KEY, **documented(HTTPStatus.UNPROCESSABLE_ENTITY)}


def build_router(use_cases: IdentityUseCases, authorizer: Authorizer) -> APIRouter:
    router = APIRouter()
    authenticated = authorizer.authenticated()
    admin = authorizer.require("identity:admin")

    @router.get("/me", responses=documented(HTTPStatus.UNAUTHORIZED))
    async def me(principal: Annotated[Principal, Depends(authenticated)]) -> KeyOut:
        """The API key making this request."""
        return KeyOut.of(await use_cases.get_key.execute(uuid.UUID(principal.subject)))

    @router.post("/keys", status_code=status.HTTP_201_CREATED, responses=ADMIN)
    async def create_key(
        body: CreateKeyIn,
        principal: Annotated[Principal, Depends(admin)],
        response: Response,
    ) -> IssuedKeyOut:
        """Issue a key; the response is the only time the key itself is shown (admins only)."""
        issued = await use_cases.create_key.execute(
            CreateApiKeyCommand(
                name=body.name,
                scopes=body.scopes,
                expires_at=body.expires_at,
                actor=principal.subject,
            )
        )
        response.headers.update(NO_STORE)
        return IssuedKeyOut.issued(issued)

    @router.get("/keys", responses=ADMIN)
    async def list_keys(
        _: Annotated[Principal, Depends(admin)],
        page: Annotated[PageRequest, Depends(page_request)],
    ) -> PageOut[KeyOut]:
        """Every key, oldest first, without secrets (admins only)."""
        keys = await use_cases.list_keys.execute(page)
        return offset_page(keys, map(KeyOut.of, keys.items))

    @router.get("/keys/{key}", responses=ADMIN_READ)
    async def get_key(key: uuid.UUID, _: Annotated[Principal, Depends(admin)]) -> KeyOut:
        """One key, without its secret (admins only)."""
        return KeyOut.of(await use_cases.get_key.execute(key))

    @router.post("/keys/{key}/revoke", responses=REVOKE)
    async def revoke_key(key: uuid.UUID, principal: Annotated[Principal, Depends(admin)]) -> KeyOut:
        """Revoke another key for good; never the last admin key (admins only)."""
        revoked = await use_cases.revoke_key.execute(
            RevokeApiKeyCommand(key=key, actor=principal.subject)
        )
        return KeyOut.of(revoked)

    @router.post("/keys/{key}/rotate", status_code=status.HTTP_201_CREATED, responses=ADMIN_ON_KEY)
    async def rotate_key(
        key: uuid.UUID,
        principal: Annotated[Principal, Depends(admin)],
        response: Response,
        body: Annotated[RotateKeyIn | None, Body()] = None,
    ) -> IssuedKeyOut:
        """Issue a new key with the same name and scopes and revoke this one (admins only)."""
        issued = await use_cases.rotate_key.execute(
            RotateApiKeyCommand(
                key=key,
                expires_at=body.expires_at if body else None,
                actor=principal.subject,
            )
        )
        response.headers.update(NO_STORE)
        return IssuedKeyOut.issued(issued)

    return router
