"""The Authorizer's contract, whatever the auth method: 401 without valid credentials, 403 without
the permission, the Principal otherwise."""

from collections.abc import AsyncIterator
from typing import Annotated

import httpx
import pytest
from fastapi import Depends, FastAPI, Request

from {{ cookiecutter.package_name }}.api.errors import install_error_handlers
from {{ cookiecutter.package_name }}.api.middleware import install_middleware
from {{ cookiecutter.package_name }}.api.security import Authorizer
from {{ cookiecutter.package_name }}.shared.errors import AuthenticationError
from {{ cookiecutter.package_name }}.shared.security import Principal
from {{ cookiecutter.package_name }}.shared.settings import Settings

CHALLENGE = 'Token realm="test"'

TOKENS = {
    "user-token": Principal.with_roles("user-1", ["user"]),
    "admin-token": Principal.with_roles("admin-1", ["admin"]),
}


async def header_scheme(request: Request) -> str | None:
    return request.headers.get("X-Token")


class TableResolver:
    async def resolve(self, credentials: str) -> Principal:
        try:
            return TOKENS[credentials]
        except KeyError:
            msg = "The token is not valid."
            raise AuthenticationError(msg) from None


@pytest.fixture
async def http(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    authorizer = Authorizer(header_scheme, TableResolver(), challenge=CHALLENGE)
    app = FastAPI()
    install_error_handlers(app, authentication_challenge=authorizer.challenge)
    install_middleware(app, settings)

    @app.get("/whoami")
    async def whoami(
        principal: Annotated[Principal, Depends(authorizer.authenticated())],
    ) -> dict[str, str]:
        return {"subject": principal.subject}

    @app.post("/things")
    async def write_thing(
        principal: Annotated[Principal, Depends(authorizer.require("catalog:write"))],
    ) -> dict[str, str]:
        return {"by": principal.subject}

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def test_no_credentials_is_401_with_the_methods_challenge(http: httpx.AsyncClient) -> None:
    response = await http.get("/whoami")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == CHALLENGE
    assert response.json()["error"]["code"] == "unauthenticated"


async def test_a_method_without_an_http_scheme_sends_no_challenge() -> None:
    authorizer = Authorizer(header_scheme, TableResolver())
    app = FastAPI()
    install_error_handlers(app, authentication_challenge=authorizer.challenge)

    @app.get("/whoami")
    async def whoami(
        principal: Annotated[Principal, Depends(authorizer.authenticated())],
    ) -> dict[str, str]:
        return {"subject": principal.subject}

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/whoami", headers={"X-Token": "forged"})

    assert response.status_code == 401
    assert "WWW-Authenticate" not in response.headers


async def test_invalid_credentials_is_401(http: httpx.AsyncClient) -> None:
    response = await http.get("/whoami", headers={"X-Token": "forged"})
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "The token is not valid."


async def test_valid_credentials_give_the_principal(http: httpx.AsyncClient) -> None:
    response = await http.get("/whoami", headers={"X-Token": "user-token"})
    assert response.status_code == 200
    assert response.json() == {"subject": "user-1"}


async def test_a_missing_permission_is_403_naming_it(http: httpx.AsyncClient) -> None:
    response = await http.post("/things", headers={"X-Token": "user-token"})
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "forbidden"
    assert error["details"] == {"permission": "catalog:write"}


async def test_a_granted_permission_passes(http: httpx.AsyncClient) -> None:
    response = await http.post("/things", headers={"X-Token": "admin-token"})
    assert response.status_code == 200
    assert response.json() == {"by": "admin-1"}
