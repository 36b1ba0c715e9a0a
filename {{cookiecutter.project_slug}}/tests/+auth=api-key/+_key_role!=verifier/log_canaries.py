"""The API-key method's failures for the log canary test: unknown, malformed, revoked keys."""

import httpx
import pytest

from {{ cookiecutter.package_name }}.composition.auth import API_KEY_HEADER
from {{ cookiecutter.package_name }}.composition.identity import issue_key
from {{ cookiecutter.package_name }}.infrastructure.database import Database
from {{ cookiecutter.package_name }}.shared.settings import Settings

from tests.auth_fixtures import IDENTITY
from tests.log_capture import CANARY_API_KEY, CANARY_PASSWORD, RUN, Attempt

UNAUTHORIZED = frozenset({401})


@pytest.fixture
async def canary_attempts(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> list[Attempt]:
    admin = await issue_key(database, settings, name="admin", scopes=["*"])
    revoked = await issue_key(database, settings, name="revoked", scopes=["*"])
    answer = await client.post(
        f"{IDENTITY}/keys/{revoked.view.id}/revoke", headers={API_KEY_HEADER: admin.key}
    )
    assert answer.status_code == 200, answer.text
    well_formed = f"{settings.api_key_prefix}_{RUN[:8]}_{CANARY_API_KEY}"
    keys, me = f"{IDENTITY}/keys", f"{IDENTITY}/me"
    too_long = {"name": CANARY_PASSWORD * 20, "scopes": ["*"]}
    return [
        Attempt("malformed key", "GET", me, UNAUTHORIZED, headers={API_KEY_HEADER: CANARY_API_KEY}),
        Attempt("unknown key", "GET", me, UNAUTHORIZED, headers={API_KEY_HEADER: well_formed}),
        Attempt(
            "revoked key",
            "GET",
            me,
            UNAUTHORIZED,
            headers={API_KEY_HEADER: revoked.key},
            secrets=(revoked.key,),
        ),
        Attempt(
            "invalid key request",
            "POST",
            keys,
            frozenset({422}),
            headers={API_KEY_HEADER: admin.key},
            json=too_long,
            secrets=(admin.key,),
        ),
        Attempt(
            "key, database down",
            "GET",
            me,
            frozenset({401, 500, 503}),
            headers={API_KEY_HEADER: admin.key},
            database_down=True,
        ),
    ]
