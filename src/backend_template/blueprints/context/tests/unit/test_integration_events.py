{%- set wire = json_case(cookiecutter) -%}
"""The public form of each {{ unit.entity_class }} domain event: its name and its payload."""

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from {{ unit.application }} import integration_events
from {{ unit.domain }} import events
from {{ unit.shared }}.event_contracts import json_type

# isort: split
from tests.fakes.{{ unit.name }}.builders import build_{{ unit.entity }}
from tests.fakes.events import RecordingPublisher

AT = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
ENTITY_ID = uuid.UUID("6f1c8a52-3d4e-4b7a-9c1d-2e5f6a7b8c9d")
ID = {"{{ wire.key(unit.entity ~ "_id") }}": "6f1c8a52-3d4e-4b7a-9c1d-2e5f6a7b8c9d"}


@pytest.mark.parametrize(
    ("event", "name", "details"),
    [
        (
            events.{{ unit.entity_class }}Created(ENTITY_ID, AT, name="Alpha", quantity=3),
            "{{ unit.name }}.{{ unit.entity }}.created",
            {"name": "Alpha", "quantity": 3},
        ),
        (
            events.{{ unit.entity_class }}Updated(ENTITY_ID, AT, name="Beta", description="new"),
            "{{ unit.name }}.{{ unit.entity }}.updated",
            {"name": "Beta", "description": "new"},
        ),
        (
            events.{{ unit.entity_class }}Activated(ENTITY_ID, AT),
            "{{ unit.name }}.{{ unit.entity }}.activated",
            {},
        ),
        (
            events.{{ unit.entity_class }}Archived(ENTITY_ID, AT),
            "{{ unit.name }}.{{ unit.entity }}.archived",
            {},
        ),
        (
            events.{{ unit.entity_class }}QuantityAdjusted(ENTITY_ID, AT, delta=-2, quantity=5),
            "{{ unit.name }}.{{ unit.entity }}.quantity_adjusted",
            {"delta": -2, "quantity": 5},
        ),
        (
            events.{{ unit.entity_class }}Deleted(ENTITY_ID, AT),
            "{{ unit.name }}.{{ unit.entity }}.deleted",
            {},
        ),
    ],
)
def test_each_domain_event_has_a_named_integration_event_with_a_primitive_payload(
    event: events.{{ unit.entity_class }}Event,
    name: str,
    details: dict[str, object],
) -> None:
    published = integration_events.to_integration_event(event)

    assert (published.name, published.version) == (name, 1)
    assert (published.aggregate_id, published.occurred_at) == (ENTITY_ID, AT)
    assert published.payload == {**ID, **details}
    assert name in integration_events.NAMES
    # As published in asyncapi.json: the declared fields, each of its declared type.
    declared = integration_events.PAYLOAD_FIELDS[name]
    assert {key: json_type(value) for key, value in published.payload.items()} == declared


def test_every_event_has_a_declared_payload() -> None:
    assert set(integration_events.PAYLOAD_FIELDS) == set(integration_events.NAMES)


def test_times_are_published_in_utc() -> None:
    two_hours_east = timezone(timedelta(hours=2))
    event = events.{{ unit.entity_class }}Activated(ENTITY_ID, AT.astimezone(two_hours_east))

    published = integration_events.to_integration_event(event)

    assert (published.occurred_at, published.occurred_at.tzinfo) == (AT, UTC)
    assert '"{{ wire.key("occurred_at") }}":"2024-06-01T12:00:00+00:00"' in published.to_json()


def test_every_integration_event_gets_its_own_id() -> None:
    event = events.{{ unit.entity_class }}Archived(ENTITY_ID, AT)

    first = integration_events.to_integration_event(event)
    second = integration_events.to_integration_event(event)

    assert first.id != second.id


def test_a_domain_event_without_a_public_form_is_refused() -> None:
    unknown = events.{{ unit.entity_class }}Event(ENTITY_ID, AT)

    with pytest.raises(TypeError, match="no integration event"):
        integration_events.to_integration_event(unknown)


async def test_record_changes_stores_nothing_when_nothing_changed() -> None:
    publisher = RecordingPublisher()

    await integration_events.record_changes(publisher, build_{{ unit.entity }}())

    assert (publisher.published, publisher.batches) == ([], 0)
