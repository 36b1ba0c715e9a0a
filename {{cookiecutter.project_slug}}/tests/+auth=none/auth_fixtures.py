"""Callers for api tests of any context: without authentication a caller needs no credentials."""

import pytest


@pytest.fixture(scope="session")
def auth_settings() -> dict[str, object]:
    """Nothing to add to the test Settings: there is no auth method to configure."""
    return {}


@pytest.fixture
def user_headers() -> dict[str, str]:
    """No credentials: every route is public."""
    return {}


@pytest.fixture
def admin_headers() -> dict[str, str]:
    """No credentials: every route is public, writes included."""
    return {}
