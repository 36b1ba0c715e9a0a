"""The outbox table on the real database: relayed in order, once, kept on failure, purged."""

{% if cookiecutter.database != "sqlite" %}import asyncio
{% endif %}from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from {{ unit.database }} import Database
from {{ unit.infrastructure }}.store import outbox_store, store_events
from {{ unit.shared }}.events import IntegrationEvent
from {{ unit.shared }}.ids import new_id

NOW = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)


def events(count: int) -> list[IntegrationEvent]:
    return [
        IntegrationEvent.record(
            "outbox.test.happened", new_id(), NOW + timedelta(seconds=n), {"n": n}
        )
        for n in range(count)
    ]


class Received:
    def __init__(self) -> None:
        self.events: list[IntegrationEvent] = []

    async def publish(self, events: Sequence[IntegrationEvent]) -> None:
        self.events.extend(events)


async def refuse(_events: Sequence[IntegrationEvent]) -> None:
    msg = "the broker is unreachable"
    raise ConnectionError(msg)


async def test_stored_events_are_relayed_in_order_and_only_once(database: Database) -> None:
    stored = events(5)
    await store_events(database, stored[:3])
    await store_events(database, stored[3:])
    store, received = outbox_store(database), Received()

    assert await store.relay(2, received.publish, NOW) == 2
    assert await store.relay(10, received.publish, NOW) == 3
    assert await store.relay(10, received.publish, NOW) == 0

    assert received.events == stored
    assert await store.pending() == 0


async def test_a_refused_batch_stays_unpublished_and_goes_out_later(database: Database) -> None:
    stored = events(2)
    await store_events(database, stored)
    store, received = outbox_store(database), Received()

    with pytest.raises(ConnectionError, match="unreachable"):
        await store.relay(10, refuse, NOW)

    assert await store.pending() == 2
    assert await store.relay(10, received.publish, NOW) == 2
    assert received.events == stored


async def test_purge_deletes_only_what_was_published_before_the_cutoff(database: Database) -> None:
    await store_events(database, events(2))
    store, received = outbox_store(database), Received()
    await store.relay(10, received.publish, NOW)
    await store_events(database, events(1))

    assert await store.purge(NOW - timedelta(seconds=1)) == 0
    assert await store.purge(NOW + timedelta(seconds=1)) == 2
    assert await store.pending() == 1
{%- if cookiecutter.database != "sqlite" %}


async def test_two_relays_at_once_never_publish_the_same_event_twice(database: Database) -> None:
    stored = events(6)
    await store_events(database, stored)
    store, received = outbox_store(database), Received()

    async def slow(batch: Sequence[IntegrationEvent]) -> None:
        # Hold the batch's rows locked while the other relay looks for work.
        await asyncio.sleep(0.2)
        await received.publish(batch)

    first, second = await asyncio.gather(store.relay(3, slow, NOW), store.relay(3, slow, NOW))

    assert sorted((first, second)) == [3, 3]
    assert sorted(event.id for event in received.events) == sorted(event.id for event in stored)
{%- endif %}
