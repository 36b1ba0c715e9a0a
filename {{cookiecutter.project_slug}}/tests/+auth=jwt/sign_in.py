"""Signing in with the OAuth2 password flow: the bearer token a test request carries."""

import httpx

IDENTITY = "/api/v1/identity"


async def attempt_sign_in(
    client: httpx.AsyncClient, email: str, password: str, headers: dict[str, str] | None = None
) -> httpx.Response:
    """One request to the token endpoint, whatever it answers."""
    credentials = {"username": email, "password": password}
    return await client.post(f"{IDENTITY}/token", data=credentials, headers=headers)


async def sign_in(client: httpx.AsyncClient, email: str, password: str) -> dict[str, str]:
    """Headers carrying a bearer access token for the account, from the token endpoint."""
    response = await attempt_sign_in(client, email, password)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
