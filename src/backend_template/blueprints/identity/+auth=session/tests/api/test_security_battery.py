{%- set wire = json_case(cookiecutter) -%}
"""What cookie sessions must refuse: each case answers in the error envelope and leaks nothing.

Revoked, idle and expired sessions are 401; unsafe requests without the session's CSRF token
are 403; a cookie planted before login is never adopted; repeated failed logins are 429;
a user acting beyond their role is 403; passwords and session ids stay out of bodies and logs.
"""

import hashlib
import logging
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from {{ unit.application }}.session_tokens import hash_session_id
from {{ unit.database }} import Database
from {{ unit.infrastructure }}.unit_of_work import (
    unit_of_work_factory,
)
from {{ unit.package }}.main import create_app
from {{ unit.shared }}.settings import Settings

from tests.api.{{ unit.name }}.session_rows import session_rows, set_session_times
from tests.auth_fixtures import CSRF_HEADER, IDENTITY, new_credentials

USERS = f"{IDENTITY}/users"


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert set(error) == {"code", "message", "details", "{{ wire.key("request_id") }}"}
    assert error["code"] == code
    return error


async def register(client: httpx.AsyncClient) -> tuple[str, str, str]:
    """A new account: (id, email, password)."""
    email, password = new_credentials("battery")
    response = await client.post(
        f"{IDENTITY}/register", json={"email": email, "password": password}
    )
    assert response.status_code == 201, response.text
    return response.json()["id"], email, password


async def log_in(
    client: httpx.AsyncClient, email: str, password: str, cookie: str | None = None
) -> httpx.Response:
    """POST /login, optionally sending a cookie; the client's cookie jar is emptied after."""
    headers = {"Cookie": cookie} if cookie else None
    response = await client.post(
        f"{IDENTITY}/login", json={"email": email, "password": password}, headers=headers
    )
    client.cookies.clear()
    return response


def session_of(response: httpx.Response, settings: Settings) -> dict[str, str]:
    """Headers for the session a successful login started: its cookie and CSRF token."""
    assert response.status_code == 200, response.text
    session_id = response.cookies[settings.session_cookie_name]
    return {
        "Cookie": f"{settings.session_cookie_name}={session_id}",
        CSRF_HEADER: response.json()["{{ wire.key("csrf_token") }}"],
    }


def session_id_in(headers: dict[str, str]) -> str:
    return headers["Cookie"].partition("=")[2]


async def age_session(database: Database, headers: dict[str, str], **values: datetime) -> None:
    """Move a session's timestamps into the past, as if time had passed."""
    await set_session_times(database, hash_session_id(session_id_in(headers)), **values)


# --- revoked and expired sessions: 401 ---


async def test_a_logged_out_session_is_401(
    client: httpx.AsyncClient, user_headers: dict[str, str]
) -> None:
    assert (await client.get(f"{IDENTITY}/me", headers=user_headers)).status_code == 200
    assert (await client.post(f"{IDENTITY}/logout", headers=user_headers)).status_code == 204

    assert_error(await client.get(f"{IDENTITY}/me", headers=user_headers), 401, "unauthenticated")
    assert_error(await client.get(f"{IDENTITY}/csrf", headers=user_headers), 401, "unauthenticated")


async def test_an_idle_session_is_401(
    client: httpx.AsyncClient, database: Database, settings: Settings, user_headers: dict[str, str]
) -> None:
    idle = timedelta(seconds=settings.session_idle_timeout_seconds + 1)
    await age_session(database, user_headers, last_seen_at=datetime.now(UTC) - idle)

    assert_error(await client.get(f"{IDENTITY}/me", headers=user_headers), 401, "unauthenticated")


async def test_a_session_past_its_absolute_end_is_401_however_recently_used(
    client: httpx.AsyncClient, database: Database, user_headers: dict[str, str]
) -> None:
    now = datetime.now(UTC)
    await age_session(
        database, user_headers, last_seen_at=now, expires_at=now - timedelta(seconds=1)
    )

    assert_error(await client.get(f"{IDENTITY}/me", headers=user_headers), 401, "unauthenticated")


async def test_a_forged_or_missing_session_cookie_is_401(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    forged = {"Cookie": f"{settings.session_cookie_name}=forged-session-id"}

    assert_error(await client.get(f"{IDENTITY}/me", headers=forged), 401, "unauthenticated")
    assert_error(await client.get(f"{IDENTITY}/me"), 401, "unauthenticated")


async def test_deactivating_a_user_destroys_their_sessions(
    client: httpx.AsyncClient, settings: Settings, admin_headers: dict[str, str]
) -> None:
    user_id, email, password = await register(client)
    headers = session_of(await log_in(client, email, password), settings)

    response = await client.patch(
        f"{USERS}/{user_id}/status", json={"active": False}, headers=admin_headers
    )

    assert response.status_code == 200
    assert_error(await client.get(f"{IDENTITY}/me", headers=headers), 401, "unauthenticated")
    assert_error(await log_in(client, email, password), 401, "unauthenticated")


# --- CSRF: unsafe methods with the cookie need the session's token, 403 otherwise ---


@pytest.mark.parametrize(
    "csrf_token",
    [None, "", "not-the-token", "OTHER"],
    ids=["missing", "empty", "wrong", "another-sessions-token"],
)
@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/logout", None),
        ("PATCH", "/users/00000000-0000-0000-0000-000000000001/role", {"role": "admin"}),
        ("PATCH", "/users/00000000-0000-0000-0000-000000000001/status", {"active": False}),
    ],
    ids=["post-logout", "patch-role", "patch-status"],
)
async def test_an_unsafe_request_without_the_sessions_csrf_token_is_403(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    user_headers: dict[str, str],
    method: str,
    path: str,
    body: dict[str, object] | None,
    csrf_token: str | None,
) -> None:
    headers = {"Cookie": admin_headers["Cookie"]}
    if csrf_token == "OTHER":
        headers[CSRF_HEADER] = user_headers[CSRF_HEADER]
    elif csrf_token is not None:
        headers[CSRF_HEADER] = csrf_token

    response = await client.request(method, f"{IDENTITY}{path}", json=body, headers=headers)

    error = assert_error(response, 403, "forbidden")
    assert error["details"] == {"reason": "csrf_failed"}
    # Nothing happened: the session is still there and answers reads without a token.
    assert (await client.get(f"{IDENTITY}/me", headers=headers)).status_code == 200


async def test_the_right_csrf_token_lets_the_same_request_through(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    user_id, _, _ = await register(client)
    response = await client.patch(
        f"{USERS}/{user_id}/role", json={"role": "admin"}, headers=admin_headers
    )
    assert response.status_code == 200


async def test_reads_need_no_csrf_token(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    cookie_only = {"Cookie": admin_headers["Cookie"]}
    assert (await client.get(USERS, headers=cookie_only)).status_code == 200


# --- session fixation: login always issues a new id ---


async def test_a_cookie_planted_before_login_is_not_adopted(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    _, email, password = await register(client)
    planted = "attacker-chosen-session-id-0123456789abcdefghijklmnop"

    response = await log_in(client, email, password, f"{settings.session_cookie_name}={planted}")

    issued = session_id_in(session_of(response, settings))
    assert issued != planted
    planted_headers = {"Cookie": f"{settings.session_cookie_name}={planted}"}
    replayed = await client.get(f"{IDENTITY}/me", headers=planted_headers)
    assert_error(replayed, 401, "unauthenticated")


async def test_logging_in_again_replaces_the_previous_session(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    _, email, password = await register(client)
    first = session_of(await log_in(client, email, password), settings)

    second = session_of(await log_in(client, email, password, first["Cookie"]), settings)

    assert session_id_in(second) != session_id_in(first)
    assert second[CSRF_HEADER] != first[CSRF_HEADER]
    assert_error(await client.get(f"{IDENTITY}/me", headers=first), 401, "unauthenticated")
    assert (await client.get(f"{IDENTITY}/me", headers=second)).status_code == 200


# --- brute force: 429 with Retry-After ---


async def test_brute_force_login_is_429_with_retry_after(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    _, email, password = await register(client)
    for _ in range(settings.login_max_attempts):
        assert_error(await log_in(client, email, "wrong-password-123"), 401, "unauthenticated")

    blocked = await log_in(client, email, password)

    assert_error(blocked, 429, "rate_limited")
    assert int(blocked.headers["Retry-After"]) >= 1
    assert "set-cookie" not in blocked.headers


# --- roles: a valid session and CSRF token grant no more than the role ---


async def test_a_user_beyond_their_role_is_403_even_with_a_valid_csrf_token(
    client: httpx.AsyncClient, user_headers: dict[str, str]
) -> None:
    user_id, _, _ = await register(client)

    listing = await client.get(USERS, headers=user_headers)
    promoting = await client.patch(
        f"{USERS}/{user_id}/role", json={"role": "admin"}, headers=user_headers
    )

    assert assert_error(listing, 403, "forbidden")["details"] == {"permission": "identity:admin"}
    assert assert_error(promoting, 403, "forbidden")["details"] == {"permission": "identity:admin"}


# --- cookie flags follow the settings (Secure may be off only outside production) ---


@pytest.fixture
async def plain_http_client(settings: Settings, migrated_database: str) -> AsyncIterator[Any]:
    """The app with a renamed cookie and Secure turned off, as in local development."""
    custom = settings.model_copy(
        update={
            "database_url": migrated_database,
            "session_cookie_name": "sid",
            "session_cookie_secure": False,
        }
    )
    application = create_app(custom)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield http


async def test_the_cookie_name_and_secure_flag_are_configurable(
    plain_http_client: httpx.AsyncClient,
) -> None:
    _, email, password = await register(plain_http_client)

    response = await log_in(plain_http_client, email, password)

    [header] = response.headers.get_list("set-cookie")
    attributes = [part.strip().lower() for part in header.split(";")]
    assert header.startswith("sid=")
    assert "httponly" in attributes
    assert "samesite=lax" in attributes
    assert "secure" not in attributes


# --- secrets: never in a response body, a header other than Set-Cookie, or a log ---


async def test_no_password_hash_or_session_id_in_any_response_or_log(
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    client: httpx.AsyncClient,
    database: Database,
    settings: Settings,
    admin_headers: dict[str, str],
) -> None:
    caplog.set_level(logging.INFO)
    responses: list[httpx.Response] = []
    user_id, email, password = await register(client)
    responses.append(await log_in(client, email, password + "-wrong"))
    login = await log_in(client, email, password)
    responses.append(login)
    headers = session_of(login, settings)
    responses.append(await client.get(f"{IDENTITY}/me", headers=headers))
    responses.append(await client.get(f"{IDENTITY}/csrf", headers=headers))
    responses.append(await client.get(USERS, headers=admin_headers))
    responses.append(await client.post(f"{IDENTITY}/logout", headers=headers))

    async with unit_of_work_factory(database)() as uow:
        user = await uow.users.get(uuid.UUID(user_id))
    assert user is not None
    session_id = session_id_in(headers)
    for response in responses:
        visible = response.text + str(
            [value for key, value in response.headers.items() if key != "set-cookie"]
        )
        for secret in (password, user.password_hash, session_id):
            assert secret not in visible
        assert "password_hash" not in response.text

    logs = caplog.text + "".join(capsys.readouterr())
    assert "session_started" in logs, "the identity events were not captured"
    for secret in (password, user.password_hash, session_id, headers[CSRF_HEADER]):
        assert secret not in logs


async def test_the_session_id_is_stored_only_as_its_sha256_digest(
    database: Database, user_headers: dict[str, str]
) -> None:
    session_id = session_id_in(user_headers)
    [row] = await session_rows(database)

    assert row["token_hash"] == hashlib.sha256(session_id.encode()).hexdigest()
    assert session_id not in [str(value) for value in row.values()]
