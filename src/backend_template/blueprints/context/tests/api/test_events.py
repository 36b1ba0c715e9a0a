{%- set wire = json_case(cookiecutter) -%}
"""Integration events over HTTP: each committed change leaves its events in the outbox.

Requests store their events in the outbox with their change; these tests stop the application's
relay and relay by hand, to a recorder, so they see exactly what the relay hands to the bus or
the broker. Delivery itself is tested with each publisher (event bus, broker).
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI

from {{ unit.application }} import integration_events
from {{ unit.database }} import Database
from {{ unit.package }}.infrastructure.outbox.relay import OutboxRelay
from {{ unit.package }}.infrastructure.outbox.store import outbox_store
from {{ unit.shared }}.events import IntegrationEvent

# isort: split
from tests.api.helpers import create
from tests.api.{{ unit.name }}.helpers import BASE
from tests.fakes.events import RecordingPublisher

# ``recorder`` stops the application's outbox relay: each test gets an application of its own.
pytestmark = pytest.mark.own_app


@pytest.fixture
async def recorder(app: FastAPI) -> RecordingPublisher:
    """What the outbox holds, once relayed to it; the app's relay stops so it takes none first."""
    relay = app.state.outbox
    assert isinstance(relay, OutboxRelay)
    await relay.stop()
    return RecordingPublisher()


async def relay_to(publisher: RecordingPublisher, database: Database) -> int:
    """Relay everything committed so far to ``publisher``; how many events there were."""
    return await outbox_store(database).relay(1000, publisher.publish, datetime.now(UTC))


async def test_create_update_status_changes_and_delete_publish_their_events(
    database: Database,
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    recorder: RecordingPublisher,
) -> None:
    created = await create(client, BASE, admin_headers, "Alpha", quantity=2)
    url = f"{BASE}/{created['id']}"
    adjustments = f"{url}/quantity-adjustments"
    changes = [
        await client.patch(url, json={"description": "described"}, headers=admin_headers),
        await client.post(adjustments, json={"delta": 3}, headers=admin_headers),
        await client.post(f"{url}/activate", headers=admin_headers),
        await client.post(f"{url}/archive", headers=admin_headers),
        await client.delete(url, headers=admin_headers),
    ]

    assert [response.status_code for response in changes] == [200, 200, 200, 200, 204]
    assert await relay_to(recorder, database) == 6
    entity_id = uuid.UUID(created["id"])
    id_only = {"{{ wire.key(unit.entity ~ "_id") }}": created["id"]}
    assert recorder.summary() == [
        (
            integration_events.CREATED,
            entity_id,
            {**id_only, "name": "Alpha", "quantity": 2},
        ),
        (
            integration_events.UPDATED,
            entity_id,
            {**id_only, "name": "Alpha", "description": "described"},
        ),
        (
            integration_events.QUANTITY_ADJUSTED,
            entity_id,
            {**id_only, "delta": 3, "quantity": 5},
        ),
        (integration_events.ACTIVATED, entity_id, id_only),
        (integration_events.ARCHIVED, entity_id, id_only),
        (integration_events.DELETED, entity_id, id_only),
    ]
    assert len({event.id for event in recorder.published}) == 6


async def test_refused_changes_publish_nothing(
    database: Database,
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    recorder: RecordingPublisher,
) -> None:
    created = await create(client, BASE, admin_headers, "Alpha")
    await create(client, BASE, admin_headers, "Beta")
    assert await relay_to(recorder, database) == 2
    url = f"{BASE}/{created['id']}"
    adjustments = f"{url}/quantity-adjustments"

    refused = [
        await client.post(BASE, json={"name": "Beta"}, headers=admin_headers),
        await client.patch(url, json={"name": "Beta"}, headers=admin_headers),
        await client.patch(url, json={"name": "Gamma", "version": 7}, headers=admin_headers),
        await client.delete(f"{BASE}/{uuid.uuid4()}", headers=admin_headers),
        await client.post(adjustments, json={"delta": -1}, headers=admin_headers),
    ]

    assert [response.status_code for response in refused] == [409, 409, 409, 404, 422]
    assert await relay_to(recorder, database) == 0


async def test_an_unreachable_publisher_fails_no_request_and_loses_no_event(
    database: Database,
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    recorder: RecordingPublisher,
) -> None:
    async def unreachable(_events: Sequence[IntegrationEvent]) -> None:
        msg = "the broker is down"
        raise ConnectionError(msg)

    created = await create(client, BASE, admin_headers, "Alpha")
    with pytest.raises(ConnectionError):
        await outbox_store(database).relay(1000, unreachable, datetime.now(UTC))

    stored = await client.get(f"{BASE}/{created['id']}", headers=admin_headers)
    assert stored.status_code == 200
    assert await relay_to(recorder, database) == 1
    assert recorder.names() == [integration_events.CREATED]
