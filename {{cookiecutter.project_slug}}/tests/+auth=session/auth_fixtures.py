"""Signed-in callers for api tests of any context: real accounts, real sessions, real database."""

import secrets
import uuid

import httpx
import pytest

from {{ cookiecutter.package_name }}.composition.identity import ensure_admin
from {{ cookiecutter.package_name }}.infrastructure.database import Database
from {{ cookiecutter.package_name }}.shared.settings import Settings

IDENTITY = "/api/v1/identity"
CSRF_HEADER = "X-CSRF-Token"


@pytest.fixture(scope="session")
def auth_settings() -> dict[str, object]:
    """What the test Settings need for this auth method: cheap hashing; cookies stay Secure."""
    return {
        # argon2's cheapest parameters: the hashing code runs, the suite stays fast.
        "password_hash_time_cost": 1,
        "password_hash_memory_kib": 64,
    }


def new_credentials(kind: str) -> tuple[str, str]:
    """A unique email and a random password that passes the password rules."""
    return f"{kind}-{uuid.uuid4().hex[:12]}@example.com", secrets.token_urlsafe(24)


async def sign_in(client: httpx.AsyncClient, email: str, password: str) -> dict[str, str]:
    """Headers carrying the session cookie and its CSRF token, from the login endpoint.

    The client's cookie jar is emptied again: every test states its credentials explicitly,
    so a request without these headers is anonymous.
    """
    response = await client.post(f"{IDENTITY}/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    cookie_name, session_id = next(iter(response.cookies.items()))
    client.cookies.clear()
    return {"Cookie": f"{cookie_name}={session_id}", CSRF_HEADER: response.json()["csrf_token"]}


@pytest.fixture
async def user_headers(client: httpx.AsyncClient) -> dict[str, str]:
    """A freshly registered user (role user), signed in."""
    email, password = new_credentials("user")
    response = await client.post(
        f"{IDENTITY}/register", json={"email": email, "password": password}
    )
    assert response.status_code == 201, response.text
    return await sign_in(client, email, password)


@pytest.fixture
async def admin_headers(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> dict[str, str]:
    """A fresh administrator, created the way `create-admin` does it, signed in."""
    email, password = new_credentials("admin")
    await ensure_admin(database, settings, email, password)
    return await sign_in(client, email, password)
