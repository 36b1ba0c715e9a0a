"""How this service asks the identity service about keys: once per cache bound, with its secret.

The identity service is the stand-in on loopback (tests.identity_stand_in), which counts the
checks it answers, reached through APP_IDENTITY_URL as deployed. The real identity service,
its revocations and its outage are in tests/integration/identity/test_identity_service.py.
"""

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from {{ unit.package }}.composition.auth import API_KEY_HEADER
from {{ unit.package }}.main import create_app
from {{ unit.package }}.shared.settings import Settings

# isort: split
from tests.api.helpers import error_of
from tests.identity_stand_in import IdentityStandIn
from tests.revocation import CACHE_SECONDS

ME = "/api/v1/identity/me"


@pytest.fixture
def identity() -> Iterator[IdentityStandIn]:
    """An identity service of this test's own, which the test may stop."""
    stand_in = IdentityStandIn()
    stand_in.start()
    try:
        yield stand_in
    finally:
        stand_in.stop()


@pytest.fixture
async def verifying_app(
    settings: Settings, migrated_database: str, identity: IdentityStandIn
) -> AsyncIterator[FastAPI]:
    configured = {
        "database_url": migrated_database,
        "identity_url": identity.url,
        "auth_cache_seconds": CACHE_SECONDS,
    }
    application = create_app(settings.model_copy(update=configured))
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def http(verifying_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=verifying_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def test_a_key_is_asked_about_once_within_the_cache_bound(
    http: httpx.AsyncClient, identity: IdentityStandIn
) -> None:
    key = identity.issue(["*:read"])
    answers = [await http.get(ME, headers={API_KEY_HEADER: key}) for _ in range(5)]
    assert [answer.status_code for answer in answers] == [200] * 5
    assert answers[0].json()["scopes"] == ["*:read"]
    assert identity.checks == 1


async def test_an_unknown_key_is_401_in_the_envelope(
    http: httpx.AsyncClient, identity: IdentityStandIn
) -> None:
    identity.issue(["*"])
    response = await http.get(ME, headers={API_KEY_HEADER: "stand_0000_not-a-key"})
    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthenticated"


async def test_a_wrong_service_secret_is_503_never_401(
    settings: Settings, migrated_database: str, identity: IdentityStandIn
) -> None:
    configured = {
        "database_url": migrated_database,
        "identity_url": identity.url,
        "key_verification_secret": SecretStr("x" * 40),
    }
    application = create_app(settings.model_copy(update=configured))
    key = identity.issue(["*"])
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.get(ME, headers={API_KEY_HEADER: key})
    assert response.status_code == 503
    assert error_of(response)["details"]["reason"] == "status_403"
