"""The OpenID Connect method's failures for the log canary test: bearer tokens of every kind."""

import time

import pytest

from tests.log_capture import CANARY_TOKEN, Attempt
from tests.oidc_provider import LocalIssuer

UNAUTHORIZED = frozenset({401})
ME = "/api/v1/identity/me"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def canary_attempts(oidc_issuer: LocalIssuer) -> list[Attempt]:
    expired = oidc_issuer.mint(claims={"exp": int(time.time()) - 60, "nonce": CANARY_TOKEN})
    stranger = oidc_issuer.mint(claims={"aud": "someone-else", "nonce": CANARY_TOKEN})
    forged = oidc_issuer.forge_hmac(oidc_issuer.current.public_pem())
    unsigned = oidc_issuer.mint(kid=f"unknown-{CANARY_TOKEN}")
    return [
        Attempt("not a token", "GET", ME, UNAUTHORIZED, headers=bearer(CANARY_TOKEN)),
        *[
            Attempt(name, "GET", ME, UNAUTHORIZED, headers=bearer(token), secrets=(token,))
            for name, token in (
                ("expired token", expired),
                ("another audience", stranger),
                ("HMAC keyed with the public key", forged),
                ("unknown key id", unsigned),
            )
        ],
    ]
