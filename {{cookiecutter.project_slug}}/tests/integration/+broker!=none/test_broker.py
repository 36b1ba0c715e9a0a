"""The event bus against the real broker: delivery, fan-out, durability, retries, dead letters."""

import asyncio
import json
import uuid
from collections import Counter
from datetime import UTC, datetime

import pytest

from {{ cookiecutter.package_name }}.infrastructure.broker import BrokerEventBus
from {{ cookiecutter.package_name }}.infrastructure.event_delivery import EventPublishError, RetryPolicy
from {{ cookiecutter.package_name }}.shared.events import IntegrationEvent
from {{ cookiecutter.package_name }}.shared.settings import Settings

from tests import broker_server
from tests.broker_fixtures import BusFactory

PLACED = "orders.order.placed"
CANCELLED = "orders.order.cancelled"
# Generous for a loaded machine; a passing test takes a fraction of it.
TIMEOUT = 15.0


def placed(number: int = 1) -> IntegrationEvent:
    return IntegrationEvent.record(
        PLACED, uuid.uuid4(), datetime.now(UTC), {"number": number, "total": "12.50"}
    )


class Inbox:
    """A handler that records what it got; it fails while ``failures`` is above zero."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.calls: list[IntegrationEvent] = []
        self.handled: list[IntegrationEvent] = []
        self._arrived = asyncio.Condition()

    async def __call__(self, event: IntegrationEvent) -> None:
        async with self._arrived:
            self.calls.append(event)
            self._arrived.notify_all()
        if self.failures > 0:
            self.failures -= 1
            msg = "the handler is down"
            raise RuntimeError(msg)
        async with self._arrived:
            self.handled.append(event)
            self._arrived.notify_all()

    async def wait_for_handled(self, count: int) -> list[IntegrationEvent]:
        async with asyncio.timeout(TIMEOUT), self._arrived:
            await self._arrived.wait_for(lambda: len(self.handled) >= count)
        return self.handled

    async def wait_for_calls(self, count: int) -> list[IntegrationEvent]:
        async with asyncio.timeout(TIMEOUT), self._arrived:
            await self._arrived.wait_for(lambda: len(self.calls) >= count)
        return self.calls


async def dead_letters(settings: Settings, consumer: str, count: int) -> list[bytes]:
    """The bodies dead-lettered for ``consumer``, once there are ``count`` of them."""
    found: list[bytes] = []
    async with asyncio.timeout(TIMEOUT):
        while True:
            found += await broker_server.take_dead_letters(
                settings.broker_url, settings.broker_namespace, consumer
            )
            if len(found) >= count:
                return found
            await asyncio.sleep(0.05)


async def settle(settings: Settings) -> None:
    """Long enough for any further retry of a settled message to have arrived."""
    await asyncio.sleep(settings.broker_retry_backoff_max_seconds * 4)


async def test_a_published_event_reaches_its_subscriber_unchanged(make_bus: BusFactory) -> None:
    bus = make_bus()
    inbox, other = Inbox(), Inbox()
    bus.subscribe(PLACED, inbox, consumer="billing")
    bus.subscribe(CANCELLED, other, consumer="billing")
    await bus.start()
    event = placed()

    await bus.publish([event])

    assert await inbox.wait_for_handled(1) == [event]
    assert other.calls == []


async def test_every_event_of_a_batch_arrives_once(make_bus: BusFactory) -> None:
    bus = make_bus()
    inbox = Inbox()
    bus.subscribe(PLACED, inbox, consumer="billing")
    await bus.start()
    events = [placed(number) for number in range(5)]

    await bus.publish(events)

    # A consumer may handle deliveries concurrently: the order between events is not promised,
    # which is why consumers compare versions or ids rather than rely on arrival order.
    handled = await inbox.wait_for_handled(5)
    assert sorted(event.id for event in handled) == sorted(event.id for event in events)


async def test_every_consumer_gets_every_event(make_bus: BusFactory) -> None:
    bus = make_bus()
    billing, shipping = Inbox(), Inbox()
    bus.subscribe(PLACED, billing, consumer="billing")
    bus.subscribe(PLACED, shipping, consumer="shipping")
    await bus.start()
    event = placed()

    await bus.publish([event])

    assert await billing.wait_for_handled(1) == [event]
    assert await shipping.wait_for_handled(1) == [event]


async def test_replicas_of_one_consumer_share_its_events(
    make_bus: BusFactory, broker_settings: Settings
) -> None:
    inbox = Inbox()
    for _replica in range(2):
        replica = make_bus()
        replica.subscribe(PLACED, inbox, consumer="billing")
        await replica.start()
    events = [placed(number) for number in range(6)]

    await make_bus().publish(events)

    await inbox.wait_for_handled(len(events))
    await settle(broker_settings)
    assert Counter(event.id for event in inbox.handled) == Counter(event.id for event in events)


async def test_events_published_while_a_consumer_is_down_reach_it_when_it_starts(
    make_bus: BusFactory,
) -> None:
    earlier = make_bus()
    earlier.subscribe(PLACED, Inbox(), consumer="billing")
    await earlier.start()
    await earlier.close()
    event = placed()

    await make_bus().publish([event])
    later = make_bus()
    inbox = Inbox()
    later.subscribe(PLACED, inbox, consumer="billing")
    await later.start()

    assert await inbox.wait_for_handled(1) == [event]


async def test_a_failing_handler_gets_the_event_again_until_it_succeeds(
    make_bus: BusFactory, broker_settings: Settings
) -> None:
    bus = make_bus()
    inbox = Inbox(failures=2)
    bus.subscribe(PLACED, inbox, consumer="billing")
    await bus.start()
    event = placed()

    await bus.publish([event])

    assert await inbox.wait_for_handled(1) == [event]
    await settle(broker_settings)
    assert [call.id for call in inbox.calls] == [event.id] * 3
    assert inbox.handled == [event]


async def test_an_event_whose_handler_always_fails_is_dead_lettered_after_max_attempts(
    make_bus: BusFactory, broker_settings: Settings
) -> None:
    bus = make_bus()
    failing, healthy = Inbox(failures=1000), Inbox()
    bus.subscribe(PLACED, failing, consumer="billing")
    bus.subscribe(PLACED, healthy, consumer="shipping")
    await bus.start()
    event = placed()

    await bus.publish([event])

    [dead] = await dead_letters(broker_settings, "billing", 1)
    assert IntegrationEvent.from_json(dead) == event
    await settle(broker_settings)
    assert len(failing.calls) == broker_settings.broker_max_attempts
    assert healthy.handled == [event]
    not_dead = await broker_server.take_dead_letters(
        broker_settings.broker_url, broker_settings.broker_namespace, "shipping"
    )
    assert not_dead == []


async def test_a_message_that_is_not_an_event_is_dead_lettered_at_once(
    make_bus: BusFactory, broker_settings: Settings
) -> None:
    bus = make_bus()
    inbox = Inbox()
    bus.subscribe(PLACED, inbox, consumer="billing")
    await bus.start()
    garbage = json.dumps({"id": "not a uuid", "name": PLACED}).encode()

    await broker_server.publish_raw(
        broker_settings.broker_url, broker_settings.broker_namespace, PLACED, garbage
    )
    event = placed()
    await bus.publish([event])

    assert await inbox.wait_for_handled(1) == [event]
    assert await dead_letters(broker_settings, "billing", 1) == [garbage]
    assert inbox.calls == [event]


async def test_publish_raises_when_the_broker_cannot_be_reached(
    broker_settings: Settings, unreachable_broker_url: str
) -> None:
    bus = BrokerEventBus.from_settings(
        broker_settings.model_copy(
            update={"broker_url": unreachable_broker_url, "broker_publish_timeout_seconds": 2.0}
        )
    )
    try:
        with pytest.raises(EventPublishError, match=str(PLACED)):
            await bus.publish([placed()])
        assert not await bus.ping()
    finally:
        await bus.close()


async def test_ping_answers_while_connected(make_bus: BusFactory) -> None:
    bus = make_bus()
    assert not await bus.ping()
    await bus.start()

    assert await bus.ping()

    await bus.close()
    assert not await bus.ping()
    await bus.close()


async def test_subscribing_refuses_names_no_broker_can_route(make_bus: BusFactory) -> None:
    bus = make_bus()
    with pytest.raises(ValueError, match="consumer"):
        bus.subscribe(PLACED, Inbox(), consumer="Billing Team")
    with pytest.raises(ValueError, match="event name"):
        bus.subscribe("orders placed", Inbox(), consumer="billing")


async def test_subscribing_after_start_is_refused(make_bus: BusFactory) -> None:
    bus = make_bus()
    await bus.start()
    with pytest.raises(RuntimeError, match="before"):
        bus.subscribe(PLACED, Inbox(), consumer="billing")


def test_the_backoff_doubles_with_each_attempt_up_to_its_cap() -> None:
    policy = RetryPolicy(max_attempts=10, backoff_seconds=0.5, max_backoff_seconds=3.0)

    assert [policy.delay(attempt) for attempt in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    assert policy.delay(10_000) == 3.0
