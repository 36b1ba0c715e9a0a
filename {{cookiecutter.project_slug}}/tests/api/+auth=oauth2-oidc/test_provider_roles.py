"""Provider roles through the real Authorizer: the user role reads, only admin writes."""

from collections.abc import AsyncIterator
from typing import Annotated

import httpx
import pytest
from fastapi import Depends, FastAPI

from {{ cookiecutter.package_name }}.api.errors import install_error_handlers
from {{ cookiecutter.package_name }}.composition.auth import build_authorizer
from {{ cookiecutter.package_name }}.infrastructure.database import Database
from {{ cookiecutter.package_name }}.shared.security import Principal
from {{ cookiecutter.package_name }}.shared.settings import Settings

from tests.oidc_provider import LocalIssuer


@pytest.fixture
async def http(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    database = Database.from_settings(settings)
    authorizer = build_authorizer(settings, database)
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/things")
    async def read(
        principal: Annotated[Principal, Depends(authorizer.require("things:read"))],
    ) -> dict[str, str]:
        return {"by": principal.subject}

    @app.post("/things")
    async def write(
        principal: Annotated[Principal, Depends(authorizer.require("things:write"))],
    ) -> dict[str, str]:
        return {"by": principal.subject}

    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client
    finally:
        await database.dispose()


async def test_a_user_beyond_their_role_is_403_naming_the_permission(
    http: httpx.AsyncClient, user_headers: dict[str, str]
) -> None:
    assert (await http.get("/things", headers=user_headers)).status_code == 200

    response = await http.post("/things", headers=user_headers)

    assert response.status_code == 403
    error = response.json()["error"]
    assert (error["code"], error["details"]) == ("forbidden", {"permission": "things:write"})


async def test_an_admin_may_write(http: httpx.AsyncClient, oidc_issuer: LocalIssuer) -> None:
    response = await http.post("/things", headers=oidc_issuer.bearer(roles=["admin"]))

    assert response.status_code == 200


async def test_an_unmapped_provider_role_may_not_even_read(
    http: httpx.AsyncClient, oidc_issuer: LocalIssuer
) -> None:
    response = await http.get("/things", headers=oidc_issuer.bearer(roles=["offline_access"]))

    assert response.status_code == 403
