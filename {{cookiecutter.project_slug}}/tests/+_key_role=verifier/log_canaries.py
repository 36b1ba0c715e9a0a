"""Key verification's failures for the log canary test: unknown, revoked keys, identity down."""

import pytest

from {{ cookiecutter.package_name }}.composition.auth import API_KEY_HEADER

from tests.auth_fixtures import IDENTITY
from tests.identity_stand_in import IdentityStandIn
from tests.log_capture import CANARY_API_KEY, Attempt

UNAUTHORIZED = frozenset({401})


@pytest.fixture
def canary_attempts(identity_stand_in: IdentityStandIn) -> list[Attempt]:
    revoked = identity_stand_in.issue(["*"])
    identity_stand_in.revoke(revoked)
    me = f"{IDENTITY}/me"
    return [
        Attempt("unknown key", "GET", me, UNAUTHORIZED, headers={API_KEY_HEADER: CANARY_API_KEY}),
        Attempt(
            "revoked key",
            "GET",
            me,
            UNAUTHORIZED,
            headers={API_KEY_HEADER: revoked},
            secrets=(revoked,),
        ),
    ]
