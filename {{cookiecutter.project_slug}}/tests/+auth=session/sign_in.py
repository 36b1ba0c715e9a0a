{%- set wire = json_case(cookiecutter) -%}
"""Signing in with a session: the cookie and CSRF token a test request carries."""

import httpx

IDENTITY = "/api/v1/identity"
CSRF_HEADER = "X-CSRF-Token"


async def attempt_sign_in(
    client: httpx.AsyncClient, email: str, password: str, headers: dict[str, str] | None = None
) -> httpx.Response:
    """One request to the login endpoint, whatever it answers."""
    credentials = {"email": email, "password": password}
    return await client.post(f"{IDENTITY}/login", json=credentials, headers=headers)


async def sign_in(client: httpx.AsyncClient, email: str, password: str) -> dict[str, str]:
    """Headers carrying the session cookie and its CSRF token, from the login endpoint.

    The client's cookie jar is emptied again: every test states its credentials explicitly,
    so a request without these headers is anonymous.
    """
    response = await attempt_sign_in(client, email, password)
    assert response.status_code == 200, response.text
    cookie_name, session_id = next(iter(response.cookies.items()))
    client.cookies.clear()
    return {"Cookie": f"{cookie_name}={session_id}", CSRF_HEADER: response.json()["{{ wire.key("csrf_token") }}"]}
