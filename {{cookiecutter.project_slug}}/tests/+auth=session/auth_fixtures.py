"""Signed-in callers for api tests of any context: real accounts, real sessions, real database."""

import pytest

from tests.local_accounts import (
    CHEAP_PASSWORD_HASHING,
    admin_headers,
    editor_headers,
    new_credentials,
    user_headers,
)
from tests.sign_in import CSRF_HEADER, IDENTITY, sign_in

# What a 401 says in WWW-Authenticate: nothing, a session cookie is no HTTP auth scheme.
AUTHENTICATION_CHALLENGE: str | None = None

__all__ = [
    "AUTHENTICATION_CHALLENGE",
    "CSRF_HEADER",
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
    """What the test Settings need for this auth method: cheap hashing; cookies stay Secure."""
    return dict(CHEAP_PASSWORD_HASHING)
