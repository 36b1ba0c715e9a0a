"""The sign-in rate limit counts per client; a forwarded address counts from trusted proxies."""

import ipaddress
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import httpx
import pytest

from {{ unit.package }}.main import create_app
from {{ unit.shared }}.settings import Settings

from tests.auth_fixtures import IDENTITY, new_credentials
from tests.sign_in import attempt_sign_in

INGRESS = "10.0.0.0/8"
Connect = Callable[[str], AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture
async def behind_ingress(settings: Settings, migrated_database: str) -> AsyncIterator[Connect]:
    """The app trusting the ingress network; each client connects from the peer it names."""
    configured = settings.model_copy(
        update={
            "database_url": migrated_database,
            "trusted_proxies": [ipaddress.ip_network(INGRESS), ipaddress.ip_network("fd00::/8")],
        }
    )
    application = create_app(configured)

    @asynccontextmanager
    async def connect(peer: str) -> AsyncIterator[httpx.AsyncClient]:
        transport = httpx.ASGITransport(app=application, client=(peer, 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield http

    async with application.router.lifespan_context(application):
        yield connect


async def account(client: httpx.AsyncClient) -> tuple[str, str]:
    email, password = new_credentials("forwarded")
    registered = await client.post(
        f"{IDENTITY}/register", json={"email": email, "password": password}
    )
    assert registered.status_code == 201, registered.text
    return email, password


@pytest.mark.parametrize("peer", ["198.51.100.7", "2001:db8::7"])
async def test_an_untrusted_peer_cannot_reset_its_limit_by_forwarding_new_addresses(
    behind_ingress: Connect, settings: Settings, peer: str
) -> None:
    async with behind_ingress(peer) as client:
        email, password = await account(client)
        for attempt in range(settings.login_max_attempts):
            spoofed = {"X-Forwarded-For": f"203.0.113.{attempt + 1}"}
            failed = await attempt_sign_in(client, email, "not the password", spoofed)
            assert failed.status_code == 401, failed.text

        blocked = await attempt_sign_in(client, email, password, {"X-Forwarded-For": "192.0.2.200"})

    assert blocked.status_code == 429
    assert blocked.json()["error"]["code"] == "rate_limited"


async def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit(
    behind_ingress: Connect, settings: Settings
) -> None:
    async with behind_ingress("10.1.0.3") as ingress:
        email, password = await account(ingress)
        # The client's own X-Forwarded-For entry is ignored: the ingress appended the real one.
        for attempt in range(settings.login_max_attempts):
            attacker = {"X-Forwarded-For": f"192.0.2.{attempt}, 203.0.113.9"}
            failed = await attempt_sign_in(ingress, email, "not the password", attacker)
            assert failed.status_code == 401, failed.text

        blocked = await attempt_sign_in(
            ingress, email, password, {"X-Forwarded-For": "192.0.2.99, 203.0.113.9"}
        )
        elsewhere = await attempt_sign_in(
            ingress, email, password, {"X-Forwarded-For": "203.0.113.10"}
        )

    assert blocked.status_code == 429
    assert elsewhere.status_code == 200, elsewhere.text
