import httpx


async def test_the_docs_offer_the_api_key_header_for_the_authorize_button(
    client: httpx.AsyncClient,
) -> None:
    schemes = (await client.get("/openapi.json")).json()["components"]["securitySchemes"]
    api_keys = [scheme for scheme in schemes.values() if scheme["type"] == "apiKey"]
    assert api_keys == [
        {
            "type": "apiKey",
            "in": "header",
            "name": "X-API-Key",
            "description": api_keys[0]["description"],
        }
    ]


async def test_a_protected_route_without_a_key_is_401_in_the_envelope(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/api/v1/identity/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


async def test_the_key_is_read_from_its_header_only(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    key = admin_headers["X-API-Key"]
    as_bearer = await client.get("/api/v1/identity/me", headers={"Authorization": f"Bearer {key}"})
    as_query = await client.get("/api/v1/identity/me", params={"api_key": key})
    in_header = await client.get("/api/v1/identity/me", headers=admin_headers)
    # A key in the query is no key: the route takes no such parameter, so it is refused as unknown.
    assert (as_bearer.status_code, as_query.status_code, in_header.status_code) == (401, 400, 200)
    assert as_query.json()["error"]["code"] == "unknown_parameter"
