{%- set wire = json_case(cookiecutter) -%}
"""Register, sign in, refresh, sign out: the identity flow through the ASGI app."""

from typing import Any

import httpx
import pytest

from {{ unit.shared }}.settings import Settings

from tests.auth_fixtures import IDENTITY, new_credentials


async def register(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post(f"{IDENTITY}/register", json={"email": email, "password": password})


async def log_in(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post(f"{IDENTITY}/token", data={"username": email, "password": password})


async def refresh(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.post(f"{IDENTITY}/refresh", json={"refresh_token": token})


async def me(client: httpx.AsyncClient, access_token: str) -> httpx.Response:
    return await client.get(f"{IDENTITY}/me", headers={"Authorization": f"Bearer {access_token}"})


@pytest.fixture
async def account(client: httpx.AsyncClient) -> tuple[str, str]:
    email, password = new_credentials("flow")
    assert (await register(client, email, password)).status_code == 201
    return email, password


@pytest.fixture
async def tokens(client: httpx.AsyncClient, account: tuple[str, str]) -> dict[str, Any]:
    response = await log_in(client, *account)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def assert_unauthenticated(response: httpx.Response) -> None:
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "unauthenticated"


async def test_register_returns_the_user_without_any_secret(client: httpx.AsyncClient) -> None:
    email, password = new_credentials("new")

    response = await register(client, email.upper(), password)

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "email", "role", "{{ wire.key("is_active") }}", "{{ wire.key("created_at") }}", "{{ wire.key("updated_at") }}"}
    assert (body["email"], body["role"], body["{{ wire.key("is_active") }}"]) == (email, "user", True)


async def test_register_refuses_a_taken_email_in_any_case(
    client: httpx.AsyncClient, account: tuple[str, str]
) -> None:
    email, password = account

    response = await register(client, email.upper(), password)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("not-an-email", "long enough password"),
        ("ada@example.com", "tiny-pw-1"),
        ("ada@example.com", "x" * 129),
        ("ada@example.com", "ada@example.com"),
    ],
    ids=["bad-email", "short-password", "long-password", "password-is-email"],
)
async def test_register_validates_the_input(
    client: httpx.AsyncClient, email: str, password: str
) -> None:
    response = await register(client, email, password)

    assert response.status_code == 422
    assert response.json()["error"]["code"] in {"validation_error", "rule_violation"}
    assert password not in response.text


async def test_token_follows_the_oauth2_password_flow(
    client: httpx.AsyncClient, tokens: dict[str, Any], account: tuple[str, str]
) -> None:
    assert tokens["token_type"] == "bearer"
    assert tokens["expires_in"] > 0
    assert tokens["access_token"].count(".") == 2
    assert tokens["refresh_token"]

    response = await me(client, tokens["access_token"])

    assert response.status_code == 200
    assert response.json()["email"] == account[0]


async def test_token_responses_are_not_cached(
    client: httpx.AsyncClient, account: tuple[str, str]
) -> None:
    response = await log_in(client, *account)

    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("wrong", ["password", "email"])
async def test_a_failed_sign_in_says_only_invalid_credentials(
    client: httpx.AsyncClient, account: tuple[str, str], wrong: str
) -> None:
    email, password = account
    if wrong == "password":
        password = "not the right password"
    else:
        email = "nobody-" + email

    response = await log_in(client, email, password)

    assert_unauthenticated(response)
    assert response.json()["error"]["message"] == "Invalid credentials."


async def test_refresh_rotates_and_the_new_tokens_work(
    client: httpx.AsyncClient, tokens: dict[str, Any]
) -> None:
    response = await refresh(client, tokens["refresh_token"])

    assert response.status_code == 200
    rotated = response.json()
    assert rotated["refresh_token"] != tokens["refresh_token"]
    assert (await me(client, rotated["access_token"])).status_code == 200
    assert (await refresh(client, rotated["refresh_token"])).status_code == 200


async def test_a_reused_refresh_token_kills_the_whole_family(
    client: httpx.AsyncClient, tokens: dict[str, Any]
) -> None:
    rotated = (await refresh(client, tokens["refresh_token"])).json()

    assert_unauthenticated(await refresh(client, tokens["refresh_token"]))

    assert_unauthenticated(await refresh(client, rotated["refresh_token"]))
    assert_unauthenticated(await me(client, rotated["access_token"]))
    assert_unauthenticated(await me(client, tokens["access_token"]))


async def test_reuse_does_not_end_the_users_other_sessions(
    client: httpx.AsyncClient, tokens: dict[str, Any], account: tuple[str, str]
) -> None:
    other = (await log_in(client, *account)).json()
    await refresh(client, tokens["refresh_token"])
    await refresh(client, tokens["refresh_token"])

    assert (await me(client, other["access_token"])).status_code == 200


async def test_logout_ends_the_session_and_its_access_tokens(
    client: httpx.AsyncClient, tokens: dict[str, Any]
) -> None:
    rotated = (await refresh(client, tokens["refresh_token"])).json()

    response = await client.post(
        f"{IDENTITY}/logout", json={"refresh_token": rotated["refresh_token"]}
    )

    assert response.status_code == 204
    assert response.content == b""
    assert_unauthenticated(await refresh(client, rotated["refresh_token"]))
    assert_unauthenticated(await me(client, rotated["access_token"]))


async def test_logout_with_an_unknown_token_is_quietly_accepted(client: httpx.AsyncClient) -> None:
    response = await client.post(f"{IDENTITY}/logout", json={"refresh_token": "never-issued"})

    assert response.status_code == 204


async def test_an_unknown_refresh_token_is_unauthenticated(client: httpx.AsyncClient) -> None:
    assert_unauthenticated(await refresh(client, "never-issued"))


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer not-a-jwt"},
        {"Authorization": "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."},
        {"Authorization": "Basic dXNlcjpwYXNz"},
    ],
    ids=["absent", "garbage", "alg-none", "basic-scheme"],
)
async def test_me_without_a_valid_token_is_401_in_the_error_envelope(
    client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    response = await client.get(f"{IDENTITY}/me", headers=headers)

    assert_unauthenticated(response)
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details", "{{ wire.key("request_id") }}"}


async def test_repeated_failed_sign_ins_are_rate_limited(
    client: httpx.AsyncClient, account: tuple[str, str], settings: Settings
) -> None:
    email, password = account
    for _ in range(settings.login_max_attempts):
        assert (await log_in(client, email, "not the right password")).status_code == 401

    response = await log_in(client, email, password)

    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
    assert int(response.headers["Retry-After"]) > 0
