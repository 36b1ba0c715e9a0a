"""The outbox relay on an in-memory store: order, batches, failures, backoff, its task."""

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from {{ unit.infrastructure }}.relay import Deliver, OutboxRelay, RelayPolicy
from {{ unit.shared }}.events import IntegrationEvent
from {{ unit.shared }}.ids import new_id

START = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)


class SteppingClock:
    def __init__(self) -> None:
        self.moment = START

    def now(self) -> datetime:
        return self.moment


class MemoryStore:
    """Unpublished events in order; what ``relay`` and ``purge`` were asked, for the tests."""

    def __init__(self, events: Sequence[IntegrationEvent] = ()) -> None:
        self.pending = list(events)
        self.published: list[tuple[IntegrationEvent, datetime]] = []
        self.failures = 0
        self.purged_before: list[datetime] = []

    async def relay(self, limit: int, deliver: Deliver, now: datetime) -> int:
        batch = self.pending[:limit]
        if not batch:
            return 0
        try:
            await deliver(batch)
        except Exception:
            self.failures += 1
            raise
        del self.pending[: len(batch)]
        self.published.extend((event, now) for event in batch)
        return len(batch)

    async def purge(self, published_before: datetime) -> int:
        self.purged_before.append(published_before)
        return 0


class Publisher:
    """Takes events, or refuses them while ``down`` is set; ``got`` fires at every delivery."""

    def __init__(self) -> None:
        self.received: list[IntegrationEvent] = []
        self.down = False
        self.got = asyncio.Event()

    async def publish(self, events: Sequence[IntegrationEvent]) -> None:
        if self.down:
            msg = "the broker is unreachable"
            raise ConnectionError(msg)
        self.received.extend(events)
        self.got.set()


def events(count: int) -> list[IntegrationEvent]:
    return [
        IntegrationEvent.record(
            "outbox.test.happened", new_id(), START + timedelta(seconds=n), {"n": n}
        )
        for n in range(count)
    ]


def relay_for(store: MemoryStore, publisher: Publisher, **policy: object) -> OutboxRelay:
    quick = {"poll_interval": timedelta(milliseconds=10), "max_backoff": timedelta(milliseconds=40)}
    return OutboxRelay(store, publisher, SteppingClock(), RelayPolicy(**{**quick, **policy}))  # type: ignore[arg-type]


async def test_flush_publishes_everything_in_order_batch_by_batch() -> None:
    stored = events(5)
    store, publisher = MemoryStore(stored), Publisher()

    published = await relay_for(store, publisher, batch_size=2).flush()

    assert published == 5
    assert publisher.received == stored
    assert store.pending == []
    assert [moment for _event, moment in store.published] == [START] * 5


async def test_a_failing_publisher_keeps_the_events_for_the_next_round() -> None:
    stored = events(3)
    store, publisher = MemoryStore(stored), Publisher()
    relay = relay_for(store, publisher)
    publisher.down = True

    with pytest.raises(ConnectionError):
        await relay.flush()

    assert (store.pending, publisher.received, store.failures) == (stored, [], 1)
    publisher.down = False
    assert await relay.flush() == 3
    assert publisher.received == stored


async def test_the_background_task_publishes_after_a_wake_up_and_survives_failures() -> None:
    store, publisher = MemoryStore(), Publisher()
    relay = relay_for(store, publisher)
    publisher.down = True
    relay.start()
    try:
        store.pending.extend(events(2))
        relay.wake()
        await asyncio.sleep(0.1)
        assert publisher.received == []
        assert store.failures >= 2
        publisher.down = False
        async with asyncio.timeout(2):
            await publisher.got.wait()
    finally:
        await relay.stop()

    assert store.pending == []
    await relay.stop()


class HeldStore(MemoryStore):
    """A store whose rounds wait for ``release``; ``cancelled`` counts cancellations it saw.

    With ``swallow`` it behaves as some drivers do: it ignores a cancellation and goes on.
    """

    def __init__(self, events: Sequence[IntegrationEvent], *, swallow: bool = False) -> None:
        super().__init__(events)
        self.entered = asyncio.Event()
        self.release = asyncio.Event()
        self.cancelled = 0
        self.swallow = swallow

    async def relay(self, limit: int, deliver: Deliver, now: datetime) -> int:
        if self.pending:
            self.entered.set()
            while not self.release.is_set():
                try:
                    await self.release.wait()
                except asyncio.CancelledError:
                    self.cancelled += 1
                    if not self.swallow:
                        raise
        return await super().relay(limit, deliver, now)


async def test_stop_lets_the_round_under_way_finish_instead_of_cancelling_it() -> None:
    store, publisher = HeldStore(events(2)), Publisher()
    relay = relay_for(store, publisher)
    relay.start()
    await store.entered.wait()

    stopping = asyncio.create_task(relay.stop())
    await asyncio.sleep(0.05)
    assert not stopping.done()
    store.release.set()
    await stopping

    assert store.cancelled == 0
    assert len(publisher.received) == 2
    assert store.pending == []


async def test_a_round_that_ignores_cancellation_holds_stop_no_longer_than_its_timeouts() -> None:
    store, publisher = HeldStore(events(1), swallow=True), Publisher()
    relay = relay_for(store, publisher, stop_timeout=timedelta(milliseconds=50))
    relay.start()
    await store.entered.wait()

    async with asyncio.timeout(2):
        await relay.stop()

    assert store.cancelled == 1
    assert publisher.received == []
    store.release.set()  # lets the abandoned round end before the loop closes
    await asyncio.sleep(0.05)
    assert len(publisher.received) == 1


async def test_wake_ups_do_not_cut_a_backoff_short() -> None:
    store, publisher = MemoryStore(events(1)), Publisher()
    relay = relay_for(
        store,
        publisher,
        poll_interval=timedelta(milliseconds=200),
        max_backoff=timedelta(seconds=1),
    )
    publisher.down = True
    relay.start()
    try:
        for _ in range(10):
            relay.wake()
            await asyncio.sleep(0.01)
        assert store.failures == 1
    finally:
        await relay.stop()


def test_backoff_doubles_from_the_poll_interval_up_to_the_maximum() -> None:
    policy = RelayPolicy(poll_interval=timedelta(seconds=1), max_backoff=timedelta(seconds=5))

    assert [policy.backoff(failures) for failures in (1, 2, 3, 100)] == [2.0, 4.0, 5.0, 5.0]


async def test_published_events_are_purged_past_the_retention_at_most_once_per_interval() -> None:
    store, clock = MemoryStore(), SteppingClock()
    policy = RelayPolicy(retention=timedelta(days=7), purge_interval=timedelta(hours=1))
    relay = OutboxRelay(store, Publisher(), clock, policy)

    await relay.purge_if_due()
    clock.moment += timedelta(minutes=59)
    await relay.purge_if_due()
    clock.moment += timedelta(minutes=2)
    await relay.purge_if_due()

    assert store.purged_before == [START - timedelta(days=7), clock.moment - timedelta(days=7)]
