{%- set up = unit.upstream -%}
{%- set wire = json_case(cookiecutter) -%}
"""The known {{ up.entity_plural }} over HTTP, fed with {{ up.name }} events in their wire form.

The events are stored in this application's outbox, as the other context stores its own, and
relayed to the bus or the broker: the handlers see exactly what the other context's relay sends.
"""

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI

from {{ unit.database }} import Database
from {{ unit.package }}.infrastructure.outbox.store import store_events
from {{ unit.shared }}.events import IntegrationEvent, JsonScalar

# isort: split
from tests.api.helpers import error_of
from tests.api.{{ unit.name }}.known_helpers import KNOWN, KnownEndpoints

T0 = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def endpoints(
    app: FastAPI,
    client: httpx.AsyncClient,
    user_headers: dict[str, str],
) -> KnownEndpoints:
    return KnownEndpoints(app, client, user_headers)


def event(what: str, entity_id: uuid.UUID, minutes: int, **details: JsonScalar) -> IntegrationEvent:
    return IntegrationEvent.record(
        name=f"{{ up.name }}.{{ up.entity }}.{what}",
        aggregate_id=entity_id,
        occurred_at=T0 + timedelta(minutes=minutes),
        payload={"{{ wire.key(up.entity ~ "_id") }}": str(entity_id), **details},
    )


async def test_duplicates_and_overtaken_events_are_not_counted_and_a_deletion_sticks(
    database: Database,
    endpoints: KnownEndpoints,
) -> None:
    entity_id = uuid.uuid4()
    created = event("created", entity_id, 0, name="Alpha", quantity=3)
    renamed = event("updated", entity_id, 1, name="Beta", description="")
    adjusted = event("quantity_adjusted", entity_id, 2, delta=2, quantity=5)

    # The outbox keeps an event id once: redeliveries come back as copies under new ids.
    again = [replace(one, id=uuid.uuid4()) for one in (created, renamed)]

    await store_events(database, [renamed, created, adjusted, *again])
    known = await endpoints.when(
        str(entity_id),
        lambda record: record["{{ wire.key("last_event_at") }}"] == "2024-05-01T09:32:00Z",
    )

    # The latest event always wins; five deliveries of three events count three at most.
    assert (known["quantity"], known["deleted"]) == (5, False)
    assert 1 <= known["{{ wire.key("events_applied") }}"] <= 3

    await store_events(database, [event("deleted", entity_id, 3)])
    deleted = await endpoints.when(str(entity_id), lambda record: record["deleted"])
    await store_events(database, [event("activated", entity_id, 4)])

    assert await endpoints.when(str(entity_id), lambda record: record["deleted"]) == deleted
    # Four events in six deliveries so far: the deletion counted, no copy did. (A broker may
    # still have been delivering a copy of an earlier event when ``known`` was read.)
    assert known["{{ wire.key("events_applied") }}"] < deleted["{{ wire.key("events_applied") }}"] <= 4


async def test_the_list_pages_the_known_{{ up.entity_plural }}_by_name(
    database: Database,
    endpoints: KnownEndpoints,
) -> None:
    first_id, second_id = uuid.uuid4(), uuid.uuid4()
    suffix = uuid.uuid4().hex[:8]
    await store_events(
        database,
        [
            event("created", second_id, 0, name=f"Paged B {suffix}", quantity=1),
            event("created", first_id, 0, name=f"Paged A {suffix}", quantity=2),
        ],
    )
    for entity_id in (first_id, second_id):
        await endpoints.when(str(entity_id), lambda record: record["{{ wire.key("events_applied") }}"] == 1)

    first, second = await endpoints.page(0, 1), await endpoints.page(1, 1)
    everything = await endpoints.page(0, 100)

    # Through a broker, other tests' {{ up.entity_plural }} may arrive too: only these are certain.
    assert (first["meta"]["offset"], first["meta"]["limit"], second["meta"]["offset"]) == (0, 1, 1)
    assert first["meta"]["total"] >= 2
    assert first["meta"]["{{ wire.key("next_cursor") }}"] is None
    assert len(first["data"]) == len(second["data"]) == 1
    assert first["data"][0]["id"] != second["data"][0]["id"]
    ours = [item["id"] for item in everything["data"] if item["name"].endswith(suffix)]
    assert ours == [str(first_id), str(second_id)]


async def test_a_{{ up.entity }}_none_of_whose_events_came_is_404_in_the_envelope(
    client: httpx.AsyncClient,
    user_headers: dict[str, str],
) -> None:
    missing = uuid.uuid4()

    response = await client.get(f"{KNOWN}/{missing}", headers=user_headers)

    assert response.status_code == 404
    error = error_of(response)
    assert (error["code"], error["details"]) == ("not_found", {"id": str(missing)})
