"""GET /me: the caller as this service sees them, and the docs' sign-in button."""

import socket
from typing import Any

import httpx
from fastapi import FastAPI

from {{ unit.package }}.main import create_app
from {{ unit.shared }}.settings import Settings

from tests.oidc_provider import LocalIssuer

ME = "/api/v1/identity/me"


async def test_me_returns_the_subject_roles_and_permissions(
    client: httpx.AsyncClient, oidc_issuer: LocalIssuer
) -> None:
    token = oidc_issuer.mint(roles=["user", "offline_access"], claims={"sub": "alice"})

    response = await client.get(ME, headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200
    assert response.json() == {
        "subject": "alice",
        "roles": ["user"],
        "permissions": ["*:read", "identity:self"],
    }


async def test_an_admin_gets_every_permission(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    response = await client.get(ME, headers=admin_headers)

    assert (response.json()["roles"], response.json()["permissions"]) == (["admin"], ["*"])


async def test_a_caller_without_a_mapped_role_is_known_but_granted_nothing(
    client: httpx.AsyncClient, oidc_issuer: LocalIssuer
) -> None:
    response = await client.get(ME, headers=oidc_issuer.bearer(roles=["uma_authorization"]))

    assert response.status_code == 200
    assert (response.json()["roles"], response.json()["permissions"]) == ([], [])


async def test_the_docs_sign_in_with_the_authorization_code_flow_and_pkce(
    client: httpx.AsyncClient, oidc_issuer: LocalIssuer
) -> None:
    schemes = (await client.get("/openapi.json")).json()["components"]["securitySchemes"]
    docs = (await client.get("/docs")).text

    flows = [scheme["flows"] for scheme in schemes.values() if scheme["type"] == "oauth2"]
    code_flow = flows[0]["authorizationCode"]
    # The discovery document's endpoints, whatever paths the provider chose.
    assert code_flow["authorizationUrl"] == f"{oidc_issuer.base_url}/oauth2/tests/authorize"
    assert code_flow["tokenUrl"] == f"{oidc_issuer.base_url}/oauth2/tests/token"
    assert '"usePkceWithAuthorizationCodeGrant": true' in docs
    assert '"clientId": "' in docs


def code_flow_of(document: dict[str, Any]) -> dict[str, str]:
    schemes = document["components"]["securitySchemes"]
    flows = [scheme["flows"] for scheme in schemes.values() if scheme["type"] == "oauth2"]
    code_flow: dict[str, str] = flows[0]["authorizationCode"]
    return code_flow


async def openapi_of(app: FastAPI) -> dict[str, Any]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        document: dict[str, Any] = (await http.get("/openapi.json")).json()
    return document


async def test_explicit_sign_in_urls_win_over_discovery(
    settings: Settings, oidc_issuer: LocalIssuer
) -> None:
    """Set explicitly, the URLs are used as they are, and the provider is not asked."""
    explicit = {
        "oidc_authorization_url": "https://login.example.com/authorize",
        "oidc_token_url": "https://login.example.com/token",
    }
    before = oidc_issuer.discovery_requests

    code_flow = code_flow_of(await openapi_of(create_app(settings.model_copy(update=explicit))))

    assert code_flow == {
        "authorizationUrl": "https://login.example.com/authorize",
        "tokenUrl": "https://login.example.com/token",
        "scopes": code_flow["scopes"],
    }
    assert oidc_issuer.discovery_requests == before


async def test_an_unreachable_provider_leaves_the_issuer_as_sign_in_url(settings: Settings) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    gone = f"http://127.0.0.1:{port}/realms/gone"
    app = create_app(settings.model_copy(update={"oidc_issuer": gone}))

    assert code_flow_of(await openapi_of(app))["authorizationUrl"] == gone


async def test_the_documented_scopes_grant_roles_with_no_custom_mapping(
    client: httpx.AsyncClient, oidc_issuer: LocalIssuer
) -> None:
    granted = {}
    for scope in ("read", "read write", "admin", "openid profile"):
        token = oidc_issuer.bearer(roles=[], claims={"scope": scope})
        granted[scope] = (await client.get(ME, headers=token)).json()["roles"]

    assert granted == {
        "read": ["user"],
        "read write": ["editor", "user"],
        "admin": ["admin"],
        "openid profile": [],
    }
