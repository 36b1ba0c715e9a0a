{%- set wire = json_case(cookiecutter) -%}
"""Sign in, use, refresh the CSRF token, sign out: the cookie session flow through the ASGI app."""

from datetime import UTC, datetime
from http.cookies import SimpleCookie

import httpx

from {{ unit.api }}.session_cookie import SessionCookie
from {{ unit.shared }}.settings import Environment, Settings

from tests.auth_fixtures import CSRF_HEADER, IDENTITY, new_credentials


async def account(client: httpx.AsyncClient) -> tuple[str, str]:
    email, password = new_credentials("flow")
    response = await client.post(
        f"{IDENTITY}/register", json={"email": email, "password": password}
    )
    assert response.status_code == 201, response.text
    return email, password


def set_cookie(response: httpx.Response) -> SimpleCookie:
    [header] = response.headers.get_list("set-cookie")
    cookie = SimpleCookie()
    cookie.load(header)
    return cookie


async def test_login_sets_a_hardened_session_cookie_and_returns_the_csrf_token(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    email, password = await account(client)

    response = await client.post(f"{IDENTITY}/login", json={"email": email, "password": password})
    client.cookies.clear()

    assert response.status_code == 200, response.text
    assert response.headers["Cache-Control"] == "no-store"
    morsel = set_cookie(response)[settings.session_cookie_name]
    assert len(morsel.value) >= 43
    assert morsel["httponly"] is True
    assert morsel["secure"] is True
    assert morsel["samesite"].lower() == "lax"
    assert morsel["path"] == "/"
    assert int(morsel["max-age"]) == settings.session_absolute_timeout_seconds
    body = response.json()
    assert set(body) == {"{{ wire.key("csrf_token") }}", "{{ wire.key("expires_at") }}", "user"}
    assert morsel.value not in response.text
    assert body["user"]["email"] == email
    assert datetime.fromisoformat(body["{{ wire.key("expires_at") }}"]) > datetime.now(UTC)

    headers = {"Cookie": f"{morsel.key}={morsel.value}"}
    me = await client.get(f"{IDENTITY}/me", headers=headers)
    assert me.status_code == 200
    assert me.json()["email"] == email
    csrf = await client.get(f"{IDENTITY}/csrf", headers=headers)
    assert csrf.status_code == 200
    assert csrf.json() == {"{{ wire.key("csrf_token") }}": body["{{ wire.key("csrf_token") }}"]}


async def test_logout_ends_the_session_and_clears_the_cookie(
    client: httpx.AsyncClient, user_headers: dict[str, str], settings: Settings
) -> None:
    response = await client.post(f"{IDENTITY}/logout", headers=user_headers)

    assert response.status_code == 204
    cleared = set_cookie(response)[settings.session_cookie_name]
    assert cleared.value == ""
    assert int(cleared["max-age"]) == 0
    assert (await client.get(f"{IDENTITY}/me", headers=user_headers)).status_code == 401


async def test_logout_without_a_session_is_harmless(client: httpx.AsyncClient) -> None:
    assert (await client.post(f"{IDENTITY}/logout")).status_code == 204


async def test_the_csrf_endpoint_needs_a_session(client: httpx.AsyncClient) -> None:
    response = await client.get(f"{IDENTITY}/csrf")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


async def test_a_malformed_email_at_login_is_just_invalid_credentials(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        f"{IDENTITY}/login", json={"email": "not-an-email", "password": "whatever it is"}
    )
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "Invalid credentials."


async def test_the_docs_describe_the_cookie_and_the_csrf_header(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    schemes = (await client.get("/openapi.json")).json()["components"]["securitySchemes"]
    located = {(scheme["in"], scheme["name"]) for scheme in schemes.values()}
    assert ("cookie", settings.session_cookie_name) in located
    assert ("header", CSRF_HEADER) in located


def test_production_settings_always_mark_the_cookie_secure() -> None:
    production = Settings(_env_file=None, environment=Environment.PRODUCTION)
    assert SessionCookie.from_settings(production).secure
