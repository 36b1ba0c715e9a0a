"""GET /me: the caller as this service sees them, and the docs' sign-in button."""

import httpx

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
    assert code_flow["authorizationUrl"] == f"{oidc_issuer.issuer}/protocol/openid-connect/auth"
    assert code_flow["tokenUrl"] == f"{oidc_issuer.issuer}/protocol/openid-connect/token"
    assert '"usePkceWithAuthorizationCodeGrant": true' in docs
    assert '"clientId": "' in docs
