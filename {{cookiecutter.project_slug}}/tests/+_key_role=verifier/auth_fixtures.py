"""Callers for api tests of any context: keys the identity service (a stand-in) vouches for.

The stand-in (tests.identity_stand_in) answers the identity service's key check over real HTTP
on 127.0.0.1; the app's APP_IDENTITY_URL points at it, so every key goes through the real
client, its breaker and the service secret.
"""

from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from {{ cookiecutter.package_name }}.composition.auth import API_KEY_HEADER

from tests.identity_stand_in import SERVICE_SECRET, IdentityStandIn

IDENTITY = "/api/v1/identity"
# What a 401 says in WWW-Authenticate: the API key scheme and the header it is read from.
AUTHENTICATION_CHALLENGE: str | None = f'ApiKey header="{API_KEY_HEADER}"'


@pytest.fixture(scope="session")
def identity_stand_in() -> Iterator[IdentityStandIn]:
    stand_in = IdentityStandIn()
    stand_in.start()
    try:
        yield stand_in
    finally:
        stand_in.stop()


@pytest.fixture(scope="session")
def auth_settings(identity_stand_in: IdentityStandIn) -> dict[str, object]:
    """The app asks the stand-in about keys, presenting the secret it expects."""
    return {
        "identity_url": identity_stand_in.url,
        "key_verification_secret": SecretStr(SERVICE_SECRET),
    }


@pytest.fixture
def user_headers(identity_stand_in: IdentityStandIn) -> dict[str, str]:
    """A fresh key that may read everything and write nothing."""
    return {API_KEY_HEADER: identity_stand_in.issue(["*:read"])}


@pytest.fixture
def editor_headers(identity_stand_in: IdentityStandIn) -> dict[str, str]:
    """A fresh key that may read and write every context, and administer nothing."""
    return {API_KEY_HEADER: identity_stand_in.issue(["*:read", "*:write"])}


@pytest.fixture
def admin_headers(identity_stand_in: IdentityStandIn) -> dict[str, str]:
    """A fresh key with every permission."""
    return {API_KEY_HEADER: identity_stand_in.issue(["*"])}
