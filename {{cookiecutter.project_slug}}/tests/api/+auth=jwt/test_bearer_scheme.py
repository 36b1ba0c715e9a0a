import httpx


async def test_the_docs_offer_the_password_flow_for_the_authorize_button(
    client: httpx.AsyncClient,
) -> None:
    schemes = (await client.get("/openapi.json")).json()["components"]["securitySchemes"]
    flows = [scheme["flows"] for scheme in schemes.values() if scheme["type"] == "oauth2"]
    assert flows
    assert flows[0]["password"]["tokenUrl"] == "/api/v1/identity/token"


async def test_a_protected_route_without_a_token_is_401_in_the_envelope(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/api/v1/identity/me")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "unauthenticated"


async def test_a_forged_token_is_401(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/api/v1/identity/me", headers={"Authorization": "Bearer not.a.token"}
    )
    assert response.status_code == 401
