"""Integration events over HTTP: each committed change is published on the application's bus."""

import uuid

import httpx
import pytest
from fastapi import FastAPI

from {{ unit.application }} import integration_events
from {{ unit.package }}.infrastructure.event_bus import InProcessEventBus

# isort: split
from tests.api.{{ unit.name }}.helpers import BASE, create
from tests.fakes.{{ unit.name }}.events import RecordingPublisher


@pytest.fixture
def recorder(app: FastAPI) -> RecordingPublisher:
    """Subscribed to every {{ unit.name }} event on the bus of the running application."""
    bus = app.state.events
    assert isinstance(bus, InProcessEventBus)
    recording = RecordingPublisher()
    for name in integration_events.NAMES:
        bus.subscribe(name, recording.handle)
    return recording


async def test_create_update_status_changes_and_delete_publish_their_events(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    recorder: RecordingPublisher,
) -> None:
    created = await create(client, admin_headers, "Alpha", quantity=2)
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
    entity_id = uuid.UUID(created["id"])
    id_only = {"{{ unit.entity }}_id": created["id"]}
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
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    recorder: RecordingPublisher,
) -> None:
    created = await create(client, admin_headers, "Alpha")
    await create(client, admin_headers, "Beta")
    recorder.published.clear()
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
    assert recorder.published == []


async def test_a_failing_subscriber_does_not_fail_the_request(
    app: FastAPI,
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    recorder: RecordingPublisher,
) -> None:
    async def broken(_event: object) -> None:
        msg = "a subscriber bug"
        raise RuntimeError(msg)

    app.state.events.subscribe(integration_events.CREATED, broken)

    created = await create(client, admin_headers, "Alpha")

    stored = await client.get(f"{BASE}/{created['id']}", headers=admin_headers)
    assert stored.status_code == 200
    assert recorder.names() == [integration_events.CREATED]
