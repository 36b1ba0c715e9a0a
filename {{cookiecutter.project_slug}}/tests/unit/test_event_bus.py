"""The in-process event bus: in-order delivery by name, and failing handlers only logged."""

import io
import json
import uuid
from datetime import UTC, datetime

from {{ cookiecutter.package_name }}.infrastructure.event_bus import InProcessEventBus
from {{ cookiecutter.package_name }}.shared.events import EventPublisher, IntegrationEvent
from {{ cookiecutter.package_name }}.shared.logging import configure_logging
from {{ cookiecutter.package_name }}.shared.settings import Settings

AT = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


def event(name: str, number: int = 1) -> IntegrationEvent:
    return IntegrationEvent.record(name, uuid.uuid4(), AT, {"number": number})


class Recorder:
    def __init__(self, label: str, log: list[tuple[str, str, int]]) -> None:
        self.label = label
        self.log = log

    async def __call__(self, received: IntegrationEvent) -> None:
        number = received.payload["number"]
        assert isinstance(number, int)
        self.log.append((self.label, received.name, number))


async def fail(_received: IntegrationEvent) -> None:
    msg = "the handler has a bug"
    raise RuntimeError(msg)


async def test_each_event_goes_in_order_to_the_handlers_of_its_name_only() -> None:
    bus = InProcessEventBus()
    log: list[tuple[str, str, int]] = []
    bus.subscribe("catalog.item.created", Recorder("first", log))
    bus.subscribe("catalog.item.created", Recorder("second", log))
    bus.subscribe("catalog.item.deleted", Recorder("deletions", log))

    await bus.publish(
        [
            event("catalog.item.created", 1),
            event("catalog.item.deleted", 2),
            event("catalog.item.created", 3),
        ],
    )

    assert log == [
        ("first", "catalog.item.created", 1),
        ("second", "catalog.item.created", 1),
        ("deletions", "catalog.item.deleted", 2),
        ("first", "catalog.item.created", 3),
        ("second", "catalog.item.created", 3),
    ]


async def test_an_event_nobody_subscribed_to_is_dropped_quietly() -> None:
    bus = InProcessEventBus()

    await bus.publish([event("orders.order.created")])

    assert bus.handlers("orders.order.created") == ()


async def test_a_failing_handler_is_logged_and_the_others_still_get_every_event(
    settings: Settings,
) -> None:
    output = io.StringIO()
    configure_logging(settings.model_copy(update={"log_json": True}), output)
    bus = InProcessEventBus()
    log: list[tuple[str, str, int]] = []
    bus.subscribe("catalog.item.created", fail)
    bus.subscribe("catalog.item.created", Recorder("after", log))
    first, second = event("catalog.item.created", 1), event("catalog.item.created", 2)

    await bus.publish([first, second])

    assert log == [("after", "catalog.item.created", 1), ("after", "catalog.item.created", 2)]
    records = [json.loads(line) for line in output.getvalue().splitlines()]
    failures = [record for record in records if record["event"] == "event_handler_failed"]
    assert [record["event_id"] for record in failures] == [str(first.id), str(second.id)]
    assert {record["event_name"] for record in failures} == {"catalog.item.created"}
    assert {record["level"] for record in failures} == {"error"}
    assert all("the handler has a bug" in json.dumps(record["exception"]) for record in failures)
    assert failures[0]["handler"] == "fail"


async def test_the_bus_is_an_event_publisher() -> None:
    publisher: EventPublisher = InProcessEventBus()

    await publisher.publish([])

    assert isinstance(publisher, InProcessEventBus)
