"""Signed-in callers with local accounts: a registered user and an administrator."""

import secrets
import uuid

import httpx
import pytest

from {{ cookiecutter.package_name }}.composition.identity import ensure_admin
from {{ cookiecutter.package_name }}.infrastructure.database import Database
from {{ cookiecutter.package_name }}.shared.settings import Settings

from tests.sign_in import IDENTITY, sign_in

# argon2's cheapest parameters: the hashing code runs, the suite stays fast.
CHEAP_PASSWORD_HASHING: dict[str, object] = {
    "password_hash_time_cost": 1,
    "password_hash_memory_kib": 64,
}


def new_credentials(kind: str) -> tuple[str, str]:
    """A unique email and a random password that passes the password rules."""
    return f"{kind}-{uuid.uuid4().hex[:12]}@example.com", secrets.token_urlsafe(24)


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


@pytest.fixture
async def editor_headers(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> dict[str, str]:
    """A freshly registered user an administrator made an editor, signed in."""
    email, password = new_credentials("editor")
    registered = await client.post(
        f"{IDENTITY}/register", json={"email": email, "password": password}
    )
    assert registered.status_code == 201, registered.text
    promoted = await client.patch(
        f"{IDENTITY}/users/{registered.json()['id']}/role",
        json={"role": "editor"},
        headers=admin_headers,
    )
    assert promoted.status_code == 200, promoted.text
    return await sign_in(client, email, password)
