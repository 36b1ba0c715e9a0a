"""Signed-in callers for api tests of any context: tokens minted by a local OpenID provider.

The provider (tests.oidc_provider) serves discovery and JWKS over real HTTP on 127.0.0.1; the
app's issuer points at it, so every token goes through the real verifier.
"""

from collections.abc import Iterator

import pytest

from tests.oidc_provider import AUDIENCE, LocalIssuer

# What a 401 says in WWW-Authenticate: RFC 6750's bearer challenge.
AUTHENTICATION_CHALLENGE: str | None = "Bearer"


@pytest.fixture(scope="session")
def oidc_issuer() -> Iterator[LocalIssuer]:
    issuer = LocalIssuer()
    issuer.start()
    try:
        yield issuer
    finally:
        issuer.stop()


@pytest.fixture(scope="session")
def auth_settings(oidc_issuer: LocalIssuer) -> dict[str, object]:
    """The app trusts the local provider, and accepts its RSA and EC keys."""
    return {
        "oidc_issuer": oidc_issuer.issuer,
        "oidc_audience": AUDIENCE,
        "oidc_algorithms": ["RS256", "ES256"],
    }


@pytest.fixture
def user_headers(oidc_issuer: LocalIssuer) -> dict[str, str]:
    """A fresh subject whose provider role maps to user."""
    return oidc_issuer.bearer(roles=["user"])


@pytest.fixture
def editor_headers(oidc_issuer: LocalIssuer) -> dict[str, str]:
    """A fresh subject granted only the write scope, which maps to editor by default."""
    return oidc_issuer.bearer(roles=[], claims={"scope": "write"})


@pytest.fixture
def admin_headers(oidc_issuer: LocalIssuer) -> dict[str, str]:
    """A fresh subject whose provider role maps to admin."""
    return oidc_issuer.bearer(roles=["admin"])
