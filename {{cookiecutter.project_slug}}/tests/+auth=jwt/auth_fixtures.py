"""Signed-in callers for api tests of any context: real accounts, real tokens, real database."""

import secrets

import pytest
from pydantic import SecretStr

from tests.local_accounts import (
    CHEAP_PASSWORD_HASHING,
    admin_headers,
    editor_headers,
    new_credentials,
    user_headers,
)
from tests.sign_in import IDENTITY, sign_in

# What a 401 says in WWW-Authenticate: RFC 6750's bearer challenge.
AUTHENTICATION_CHALLENGE: str | None = "Bearer"

__all__ = [
    "AUTHENTICATION_CHALLENGE",
    "IDENTITY",
    "admin_headers",
    "auth_settings",
    "editor_headers",
    "new_credentials",
    "sign_in",
    "user_headers",
]


@pytest.fixture(scope="session")
def auth_settings() -> dict[str, object]:
    """What the test Settings need for this auth method: a random signing secret, cheap hashing."""
    # A shared secret whatever the service's default: the key-pair tests set their own keys.
    return {
        "jwt_algorithm": "HS256",
        "jwt_secret": SecretStr(secrets.token_urlsafe(48)),
        **CHEAP_PASSWORD_HASHING,
    }
