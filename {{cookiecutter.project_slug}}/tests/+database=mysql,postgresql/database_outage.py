"""A database that stops answering or goes away fails requests in seconds, then they recover.

The application runs against the test database through a loopback proxy, with short timeouts.
Frozen, the proxy keeps its sockets open and forwards nothing (a server stopped mid-answer);
down, it refuses connections. Either way a read and a write answer 503 ``unavailable`` with
Retry-After within the timeouts, readiness says "not ready" within its own bound, and once the
database is back the same requests succeed on the same application, and its outbox relay,
which failed meanwhile, publishes what they commit. A restart the application did not see
(every connection reset while idle) costs at most one request a 503: the pool is renewed then.
Each context runs these checks on its own routes: its test module subclasses
``DatabaseOutageChecks`` with ``base``, the path of its collection.
"""

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from typing import ClassVar

import httpx
import pytest
from fastapi import FastAPI

from {{ cookiecutter.package_name }}.infrastructure.database import Database
from {{ cookiecutter.package_name }}.api.health import READINESS_TIMEOUT_SECONDS
from {{ cookiecutter.package_name }}.infrastructure.outbox.relay import OutboxRelay
from {{ cookiecutter.package_name }}.infrastructure.outbox.store import outbox_store
from {{ cookiecutter.package_name }}.main import create_app
from {{ cookiecutter.package_name }}.shared.settings import Settings

# isort: split
from tests.api.helpers import create, error_of
from tests.database_proxy import DatabaseProxy

CONNECT_TIMEOUT_SECONDS = 1.0
STATEMENT_TIMEOUT_SECONDS = 1.0
RETRY_AFTER_SECONDS = 7
# A request meets at most one connection that stopped answering (its check or its statement
# times out) and one that cannot be opened; the margin absorbs a loaded test machine.
MARGIN_SECONDS = 1.0
REQUEST_BOUND_SECONDS = CONNECT_TIMEOUT_SECONDS + STATEMENT_TIMEOUT_SECONDS + MARGIN_SECONDS
# The relay's longest backoff is 0.5 s here: what was committed is published well within this.
RELAY_BOUND_SECONDS = 5.0


async def answers(
    http: httpx.AsyncClient, base: str, headers: dict[str, str]
) -> list[tuple[str, httpx.Response, float]]:
    """A read, a write and readiness, each with the seconds it took to answer."""
    requests = [
        ("read", http.build_request("GET", base, headers=headers)),
        ("write", http.build_request("POST", base, json={"name": "Beta"}, headers=headers)),
        ("ready", http.build_request("GET", "/health/ready")),
    ]
    timed = []
    for name, request in requests:
        started = time.monotonic()
        response = await http.send(request)
        timed.append((name, response, time.monotonic() - started))
    return timed


def assert_unavailable_in_time(timed: list[tuple[str, httpx.Response, float]]) -> None:
    for name, response, seconds in timed:
        bound = REQUEST_BOUND_SECONDS
        if name == "ready":
            bound = READINESS_TIMEOUT_SECONDS + MARGIN_SECONDS
        assert response.status_code == 503, (name, response.text)
        assert error_of(response)["code"] == "unavailable"
        assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
        assert seconds < bound, (name, seconds)


async def assert_relayed(database: Database) -> None:
    """Everything committed is published in time: the relay outlived the outage."""
    store = outbox_store(database)
    deadline = time.monotonic() + RELAY_BOUND_SECONDS
    while time.monotonic() < deadline:
        if not await store.pending():
            return
        await asyncio.sleep(0.05)
    assert await store.pending() == 0


async def assert_served(http: httpx.AsyncClient, base: str, headers: dict[str, str]) -> None:
    created = await create(http, base, headers, f"Alpha {uuid.uuid4().hex[:8]}")
    read = await http.get(f"{base}/{created['id']}", headers=headers)
    ready = await http.get("/health/ready")
    assert (read.status_code, ready.status_code) == (200, 200), read.text


class DatabaseOutageChecks:
    """The outage checks on the routes under ``base``, set by each context's subclass."""

    base: ClassVar[str]

    @pytest.fixture
    async def proxy(self, migrated_database: str) -> AsyncIterator[DatabaseProxy]:
        proxy = DatabaseProxy(migrated_database)
        await proxy.start()
        try:
            yield proxy
        finally:
            proxy.thaw()
            await proxy.stop()

    @pytest.fixture
    async def proxied(
        self, settings: Settings, proxy: DatabaseProxy
    ) -> AsyncIterator[httpx.AsyncClient]:
        """A client of the application, wired to the database through ``proxy``, short timeouts."""
        application = create_app(
            settings.model_copy(
                update={
                    "database_url": proxy.url,
                    "database_pool_size": 2,
                    "database_max_overflow": 0,
                    "database_connect_timeout_seconds": CONNECT_TIMEOUT_SECONDS,
                    "database_statement_timeout_seconds": STATEMENT_TIMEOUT_SECONDS,
                    "database_pool_timeout_seconds": CONNECT_TIMEOUT_SECONDS,
                    "unavailable_retry_after_seconds": RETRY_AFTER_SECONDS,
                    "outbox_poll_interval_seconds": 0.2,
                    "outbox_max_backoff_seconds": 0.5,
                }
            )
        )
        async with application.router.lifespan_context(application):
            transport = httpx.ASGITransport(app=application)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
                yield http

    @pytest.fixture
    async def only_proxied_relay(self, app: FastAPI) -> None:
        """The relay of the application on the direct connection stops: the proxied one relays."""
        relay = app.state.outbox
        assert isinstance(relay, OutboxRelay)
        await relay.stop()

    @pytest.mark.own_app
    @pytest.mark.usefixtures("only_proxied_relay")
    async def test_a_frozen_database_answers_503_in_time_and_requests_recover(
        self,
        admin_headers: dict[str, str],
        proxied: httpx.AsyncClient,
        proxy: DatabaseProxy,
        database: Database,
    ) -> None:
        await assert_served(proxied, self.base, admin_headers)

        proxy.freeze()
        assert_unavailable_in_time(await answers(proxied, self.base, admin_headers))

        proxy.thaw()
        await assert_served(proxied, self.base, admin_headers)
        await assert_relayed(database)

    @pytest.mark.own_app
    @pytest.mark.usefixtures("only_proxied_relay")
    async def test_a_database_that_refuses_connections_answers_503_and_requests_recover(
        self,
        admin_headers: dict[str, str],
        proxied: httpx.AsyncClient,
        proxy: DatabaseProxy,
        database: Database,
    ) -> None:
        await assert_served(proxied, self.base, admin_headers)

        await proxy.stop()
        assert_unavailable_in_time(await answers(proxied, self.base, admin_headers))

        await proxy.start()
        await assert_served(proxied, self.base, admin_headers)
        await assert_relayed(database)

    async def test_after_an_unseen_database_restart_requests_succeed_again_without_a_restart(
        self, admin_headers: dict[str, str], proxied: httpx.AsyncClient, proxy: DatabaseProxy
    ) -> None:
        await assert_served(proxied, self.base, admin_headers)

        await proxy.stop()
        await proxy.start()
        statuses = [
            (await proxied.get(self.base, headers=admin_headers)).status_code for _ in range(4)
        ]

        # Only a request that meets a connection the restart closed fails, and only one does.
        assert statuses[1:] == [200, 200, 200], statuses
        assert statuses[0] in (200, 503), statuses
        await assert_served(proxied, self.base, admin_headers)
