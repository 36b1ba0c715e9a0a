{%- set up = unit.upstream -%}
{%- set wire = json_case(cookiecutter) -%}
"""One known {{ up.entity }} read live from the {{ up.name }} service, or from the known records.

The {{ up.name }} service is a real HTTP server on loopback (``upstream_server``); this service
reaches it through its settings (APP_UPSTREAM_URL), as deployed. It answers live while the
{{ up.name }} service does, and from its known records, marked ``"source": "local"``, when that
service is slow, failing, or cut off by the circuit breaker; requests are counted at the
{{ up.name }} service.
"""

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI

from {{ unit.database }} import Database
from {{ unit.package }}.infrastructure.outbox.store import store_events
from {{ unit.package }}.main import create_app
from {{ unit.package }}.shared.settings import Settings
from {{ unit.shared }}.events import IntegrationEvent

# isort: split
from tests.api.helpers import error_of
from tests.api.{{ unit.name }}.known_helpers import KNOWN, PATIENCE_SECONDS
from tests.integration.{{ unit.name }}.upstream_server import Behaviour, UpstreamServer

READ_TIMEOUT_SECONDS = 0.3
COOLDOWN_SECONDS = 1.0
SLOW_SECONDS = 3.0
# Two attempts a read; the breaker opens on the fourth failure in a row.
CALLS = {
    "upstream_read_timeout_seconds": READ_TIMEOUT_SECONDS,
    "upstream_max_attempts": 2,
    "upstream_backoff_base_seconds": 0.01,
    "upstream_breaker_failures": 4,
    "upstream_breaker_cooldown_seconds": COOLDOWN_SECONDS,
}


@pytest.fixture
async def upstream() -> AsyncIterator[UpstreamServer]:
    server = UpstreamServer()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
async def live_app(
    settings: Settings, migrated_database: str, upstream: UpstreamServer
) -> AsyncIterator[FastAPI]:
    """The application with the {{ up.name }} service's address set, as deployed."""
    configured = {"database_url": migrated_database, "upstream_url": upstream.url, **CALLS}
    application = create_app(settings.model_copy(update=configured))
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def live_client(live_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=live_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


def owners_record(entity_id: uuid.UUID, name: str) -> dict[str, object]:
    """What the {{ up.name }} service answers for one {{ up.entity }}."""
    return {
        "id": str(entity_id),
        "name": name,
        "description": "",
        "quantity": 9,
        "status": "active",
        "{{ wire.key("created_at") }}": "2024-05-01T09:00:00Z",
        "{{ wire.key("updated_at") }}": "2024-05-01T10:00:00Z",
        "version": 3,
    }


async def known_locally(
    app: FastAPI,
    client: httpx.AsyncClient,
    headers: dict[str, str],
    database: Database,
    name: str,
) -> uuid.UUID:
    """A {{ up.entity }} known here from its created event (read from the list)."""
    entity_id = uuid.uuid4()
    created = IntegrationEvent.record(
        name="{{ up.name }}.{{ up.entity }}.created",
        aggregate_id=entity_id,
        occurred_at=datetime(2024, 5, 1, 9, 30, tzinfo=UTC),
        payload={"{{ wire.key(up.entity ~ "_id") }}": str(entity_id), "name": name, "quantity": 2},
    )
    await store_events(database, [created])
    await app.state.outbox.flush()
    deadline = time.monotonic() + PATIENCE_SECONDS
    while True:
        page = await client.get(KNOWN, params={"limit": 100}, headers=headers)
        if str(entity_id) in {item["id"] for item in page.json()["data"]}:
            return entity_id
        assert time.monotonic() < deadline, "the created event never reached the known records"
        await asyncio.sleep(0.05)


async def test_the_{{ up.entity }}_is_served_live_with_the_callers_context(
    live_client: httpx.AsyncClient,
    upstream: UpstreamServer,
    user_headers: dict[str, str],
) -> None:
    entity_id = uuid.uuid4()
    upstream.behaviour = Behaviour(body=owners_record(entity_id, "Live"))

    response = await live_client.get(f"{KNOWN}/{entity_id}", headers=user_headers)

    assert response.status_code == 200, response.text
    known = response.json()
    assert (known["source"], known["name"], known["quantity"]) == ("live", "Live", 9)
    (received,) = upstream.received
    assert received.path == f"/api/v1/{{ up.name }}/{entity_id}"
    assert received.headers["x-request-id"] == response.headers["X-Request-ID"]
    assert received.headers.get("authorization") == user_headers.get("Authorization")


async def test_the_local_record_answers_when_the_{{ up.name }}_service_is_slow_failing_or_cut_off(
    live_app: FastAPI,
    live_client: httpx.AsyncClient,
    upstream: UpstreamServer,
    user_headers: dict[str, str],
    database: Database,
) -> None:
    entity_id = await known_locally(live_app, live_client, user_headers, database, "Kept")
    item = f"{KNOWN}/{entity_id}"

    upstream.behaviour = Behaviour(delay_seconds=SLOW_SECONDS)
    started = time.monotonic()
    slow = await live_client.get(item, headers=user_headers)
    assert time.monotonic() - started < SLOW_SECONDS - 1.0
    assert (slow.json()["source"], slow.json()["name"]) == ("local", "Kept")
    assert len(upstream.received) == 2

    upstream.behaviour = Behaviour(status=503)
    failing = await live_client.get(item, headers=user_headers)
    assert failing.json()["source"] == "local"
    assert len(upstream.received) == 4  # the breaker opens on this fourth failure

    upstream.behaviour = Behaviour(body=owners_record(entity_id, "Live again"))
    cut_off = await live_client.get(item, headers=user_headers)
    assert cut_off.json()["source"] == "local"
    unknown = await live_client.get(f"{KNOWN}/{uuid.uuid4()}", headers=user_headers)
    assert (unknown.status_code, error_of(unknown)["code"]) == (503, "unavailable")
    assert 1 <= int(unknown.headers["Retry-After"]) <= COOLDOWN_SECONDS
    assert len(upstream.received) == 4  # none reached the {{ up.name }} service

    await asyncio.sleep(COOLDOWN_SECONDS)
    again = await live_client.get(item, headers=user_headers)
    assert (again.json()["source"], again.json()["name"]) == ("live", "Live again")
    assert len(upstream.received) == 5
