{%- set wire = json_case(cookiecutter) -%}
"""Integration events and their wire form: what goes out comes back the same, or is refused."""

import json
import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from {{ cookiecutter.package_name }}.shared.events import (
    IntegrationEvent,
    MalformedEventError,
    iso_utc,
)

AT = datetime(2024, 6, 1, 12, 0, 0, 123456, tzinfo=UTC)
AGGREGATE_ID = uuid.UUID("0b6d3f5e-8c2a-4e1b-9f7d-3a5c7e9b1d2f")


def sample() -> IntegrationEvent:
    return IntegrationEvent.record(
        "catalog.item.updated",
        AGGREGATE_ID,
        AT,
        {"item_id": str(AGGREGATE_ID), "name": "Alpha", "count": 3, "ratio": 0.5, "gone": None},
    )


def wire(**changes: Any) -> str:
    """The wire form of the sample event with some keys replaced (or removed when None)."""
    raw = json.loads(sample().to_json())
    raw.update(changes)
    return json.dumps({key: value for key, value in raw.items() if value is not None})


def test_an_event_survives_the_round_trip_through_its_wire_form() -> None:
    original = sample()

    copy = IntegrationEvent.from_json(original.to_json())

    assert copy == original
    assert copy.to_json() == original.to_json()
    assert IntegrationEvent.from_json(original.to_json().encode()) == original


def test_the_wire_form_is_stable_compact_json_with_sorted_keys_and_utc_times() -> None:
    event = IntegrationEvent(
        id=uuid.UUID("00000000-0000-4000-8000-000000000001"),
        name="catalog.item.archived",
        version=2,
        occurred_at=AT.astimezone(timezone(timedelta(hours=-5))),
        aggregate_id=AGGREGATE_ID,
        payload={"b": 1, "a": "x"},
    )

    assert event.to_json() == (
        '{"{{ wire.key("aggregate_id") }}":"0b6d3f5e-8c2a-4e1b-9f7d-3a5c7e9b1d2f",'
        '"id":"00000000-0000-4000-8000-000000000001",'
        '"name":"catalog.item.archived",'
        '"{{ wire.key("occurred_at") }}":"2024-06-01T12:00:00.123456+00:00",'
        '"payload":{"a":"x","b":1},'
        '"version":2}'
    )


def test_record_gives_a_fresh_id_version_1_and_a_utc_time() -> None:
    two_hours_east = timezone(timedelta(hours=2))

    first = IntegrationEvent.record("a.b.c", AGGREGATE_ID, AT.astimezone(two_hours_east), {})
    second = IntegrationEvent.record("a.b.c", AGGREGATE_ID, AT, {})

    assert first.id != second.id
    assert (first.version, first.occurred_at, first.occurred_at.tzinfo) == (1, AT, UTC)


def test_the_payload_cannot_be_changed_after_the_event_is_built() -> None:
    payload = {"name": "Alpha"}
    event = IntegrationEvent.record("a.b.c", AGGREGATE_ID, AT, payload)
    payload["name"] = "changed"

    assert event.payload == {"name": "Alpha"}
    with pytest.raises(TypeError):
        event.payload["name"] = "Beta"  # type: ignore[index]


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        IntegrationEvent.record("a.b.c", AGGREGATE_ID, datetime(2024, 6, 1), {})  # noqa: DTZ001
    with pytest.raises(ValueError, match="timezone-aware"):
        iso_utc(datetime(2024, 6, 1))  # noqa: DTZ001


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        wire(extra="key"),
        wire(payload=None),
        wire(id="not-a-uuid"),
        wire(id=7),
        wire(name=""),
        wire(version=0),
        wire(version=True),
        wire(version="1"),
        wire(occurred_at="2024-06-01T12:00:00"),
        wire(occurred_at="yesterday"),
        wire(aggregate_id="nope"),
        wire(payload=["a"]),
        wire(payload={"nested": {"a": 1}}),
        wire(payload={"items": [1, 2]}),
    ],
)
def test_anything_but_the_wire_form_is_a_malformed_event(text: str) -> None:
    with pytest.raises(MalformedEventError):
        IntegrationEvent.from_json(text)


def test_headers_travel_in_the_wire_form_only_when_there_are_some() -> None:
    original = sample()
    carried = original.with_headers({"traceparent": "00-" + "1" * 32 + "-" + "2" * 16 + "-01"})

    copy = IntegrationEvent.from_json(carried.to_json())

    assert "headers" not in json.loads(original.to_json())
    assert copy.headers == carried.headers
    # Headers are context, not the fact: the same event with or without them is equal.
    assert copy == original


@pytest.mark.parametrize("headers", [[], {"request_id": 7}, "traceparent"])
def test_headers_other_than_strings_by_name_are_malformed(headers: object) -> None:
    with pytest.raises(MalformedEventError, match="headers"):
        IntegrationEvent.from_json(wire(headers=headers))
