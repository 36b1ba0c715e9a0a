"""Callers for api tests of any context: real keys, issued into the real database."""

import secrets

import pytest
from pydantic import SecretStr

from {{ cookiecutter.package_name }}.composition.auth import API_KEY_HEADER
from {{ cookiecutter.package_name }}.composition.identity import issue_key
from {{ cookiecutter.package_name }}.infrastructure.database import Database
from {{ cookiecutter.package_name }}.shared.settings import Settings

IDENTITY = "/api/v1/identity"
# What a 401 says in WWW-Authenticate: the API key scheme and the header it is read from.
AUTHENTICATION_CHALLENGE: str | None = f'ApiKey header="{API_KEY_HEADER}"'


@pytest.fixture(scope="session")
def auth_settings() -> dict[str, object]:
    """What the test Settings need for this auth method: a random pepper for the key digests."""
    return {"api_key_pepper": SecretStr(secrets.token_urlsafe(48))}


async def key_headers(
    database: Database, settings: Settings, scopes: list[str], name: str = "test"
) -> dict[str, str]:
    """Headers carrying a freshly issued key with ``scopes``."""
    issued = await issue_key(database, settings, name=name, scopes=scopes)
    return {API_KEY_HEADER: issued.key}


@pytest.fixture
async def user_headers(database: Database, settings: Settings) -> dict[str, str]:
    """A fresh key that may read everything and write nothing."""
    return await key_headers(database, settings, ["*:read"], name="reader")


@pytest.fixture
async def editor_headers(database: Database, settings: Settings) -> dict[str, str]:
    """A fresh key that may read and write every context, and administer nothing."""
    return await key_headers(database, settings, ["*:read", "*:write"], name="editor")


@pytest.fixture
async def admin_headers(database: Database, settings: Settings) -> dict[str, str]:
    """A fresh key with every permission, as `create-admin-key` issues it."""
    return await key_headers(database, settings, ["*"], name="admin")
