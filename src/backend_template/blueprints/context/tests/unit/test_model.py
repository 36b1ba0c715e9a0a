"""Every rule of the {{ unit.entity_class }} aggregate, on the domain model alone."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from {{ unit.domain }} import errors, events
from {{ unit.domain }}.model import (
    QUANTITY_MAX,
    {{ unit.entity_class }},
    {{ unit.entity_class }}Status,
)

# isort: split
from tests.fakes.{{ unit.name }}.builders import build_{{ unit.entity }}

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)


def create(
    name: str = "Alpha",
    description: str = "",
    quantity: int = 0,
) -> {{ unit.entity_class }}:
    return {{ unit.entity_class }}.create(uuid.uuid4(), name, description, quantity, NOW)


def test_create_starts_a_draft_at_version_1_with_both_timestamps_now() -> None:
    entity = create("Alpha", "first one", 4)

    assert (entity.name, entity.description, entity.quantity) == ("Alpha", "first one", 4)
    assert entity.status is {{ unit.entity_class }}Status.DRAFT
    assert entity.version == 1
    assert entity.created_at == entity.updated_at == NOW


def test_create_records_a_created_event() -> None:
    entity = create("Alpha", quantity=4)

    assert entity.events == [
        events.{{ unit.entity_class }}Created(
            aggregate_id=entity.id,
            occurred_at=NOW,
            name="Alpha",
            quantity=4,
        ),
    ]


def test_create_strips_the_name() -> None:
    assert create("  Alpha \n").name == "Alpha"


@pytest.mark.parametrize("name", ["", "   ", "x" * 121])
def test_create_refuses_a_name_empty_or_longer_than_120_once_stripped(name: str) -> None:
    with pytest.raises(errors.Invalid{{ unit.entity_class }}Error) as caught:
        create(name)

    assert caught.value.details == {"field": "name"}


def test_create_accepts_120_characters_surrounded_by_spaces() -> None:
    assert create("  " + "x" * 120 + "  ").name == "x" * 120


def test_create_refuses_a_description_over_2000_characters() -> None:
    assert len(create(description="d" * 2000).description) == 2000
    with pytest.raises(errors.Invalid{{ unit.entity_class }}Error, match="description"):
        create(description="d" * 2001)


@pytest.mark.parametrize("quantity", [-1, QUANTITY_MAX + 1])
def test_create_refuses_a_quantity_out_of_range(quantity: int) -> None:
    with pytest.raises(errors.Invalid{{ unit.entity_class }}Error, match="quantity"):
        create(quantity=quantity)


def test_revise_changes_name_and_description_and_records_it() -> None:
    entity = build_{{ unit.entity }}("Alpha")

    entity.revise(" Beta ", "new text", LATER)

    assert (entity.name, entity.description, entity.updated_at) == ("Beta", "new text", LATER)
    assert entity.events == [
        events.{{ unit.entity_class }}Updated(
            aggregate_id=entity.id,
            occurred_at=LATER,
            name="Beta",
            description="new text",
        ),
    ]


def test_revise_keeps_what_is_none() -> None:
    entity = build_{{ unit.entity }}("Alpha", description="kept")

    entity.revise(None, None, LATER)
    entity.revise("Beta", None, LATER)

    assert (entity.name, entity.description) == ("Beta", "kept")


def test_revise_to_the_same_values_changes_nothing_and_records_nothing() -> None:
    entity = build_{{ unit.entity }}("Alpha", description="same")
    before = entity.updated_at

    entity.revise("  Alpha ", "same", LATER)

    assert entity.updated_at == before
    assert entity.events == []


def test_revise_refuses_an_invalid_name_and_keeps_the_old_state() -> None:
    entity = build_{{ unit.entity }}("Alpha", description="kept")

    with pytest.raises(errors.Invalid{{ unit.entity_class }}Error):
        entity.revise("   ", "changed", LATER)

    assert (entity.name, entity.description, entity.events) == ("Alpha", "kept", [])


def test_activate_moves_a_draft_to_active() -> None:
    entity = build_{{ unit.entity }}()

    entity.activate(LATER)

    assert entity.status is {{ unit.entity_class }}Status.ACTIVE
    assert entity.updated_at == LATER
    assert entity.events == [
        events.{{ unit.entity_class }}Activated(aggregate_id=entity.id, occurred_at=LATER),
    ]


def test_activating_an_active_one_changes_nothing() -> None:
    entity = build_{{ unit.entity }}(status={{ unit.entity_class }}Status.ACTIVE)

    entity.activate(LATER)

    assert entity.status is {{ unit.entity_class }}Status.ACTIVE
    assert entity.events == []


@pytest.mark.parametrize(
    "start",
    [{{ unit.entity_class }}Status.DRAFT, {{ unit.entity_class }}Status.ACTIVE],
)
def test_archive_retires_a_draft_or_an_active_one(start: {{ unit.entity_class }}Status) -> None:
    entity = build_{{ unit.entity }}(status=start)

    entity.archive(LATER)

    assert entity.status is {{ unit.entity_class }}Status.ARCHIVED
    assert entity.updated_at == LATER
    assert entity.events == [
        events.{{ unit.entity_class }}Archived(aggregate_id=entity.id, occurred_at=LATER),
    ]


def test_archiving_an_archived_one_changes_nothing() -> None:
    entity = build_{{ unit.entity }}(status={{ unit.entity_class }}Status.ARCHIVED)
    before = entity.updated_at

    entity.archive(LATER)

    assert entity.status is {{ unit.entity_class }}Status.ARCHIVED
    assert (entity.updated_at, entity.events) == (before, [])


@pytest.mark.parametrize("status", list({{ unit.entity_class }}Status))
def test_delete_records_a_deleted_event_whatever_the_status(
    status: {{ unit.entity_class }}Status,
) -> None:
    entity = build_{{ unit.entity }}(status=status)

    entity.delete(LATER)

    assert entity.events == [
        events.{{ unit.entity_class }}Deleted(aggregate_id=entity.id, occurred_at=LATER),
    ]


def test_pull_events_hands_the_recorded_events_over_once() -> None:
    entity = create("Alpha")
    entity.activate(LATER)

    pulled = entity.pull_events()

    assert [type(event) for event in pulled] == [
        events.{{ unit.entity_class }}Created,
        events.{{ unit.entity_class }}Activated,
    ]
    assert (entity.events, entity.pull_events()) == ([], [])


def test_an_archived_one_cannot_be_activated_again() -> None:
    entity = build_{{ unit.entity }}(status={{ unit.entity_class }}Status.ARCHIVED)

    with pytest.raises(errors.Archived{{ unit.entity_class }}Error, match="cannot be changed"):
        entity.activate(LATER)

    assert entity.status is {{ unit.entity_class }}Status.ARCHIVED


def test_an_archived_one_cannot_be_revised() -> None:
    entity = build_{{ unit.entity }}("Alpha", status={{ unit.entity_class }}Status.ARCHIVED)

    with pytest.raises(errors.Archived{{ unit.entity_class }}Error) as caught:
        entity.revise("Beta", None, LATER)

    assert caught.value.message == "an archived {{ unit.entity.replace('_', ' ') }} cannot be changed"
    assert entity.name == "Alpha"


def test_an_archived_ones_quantity_cannot_be_adjusted() -> None:
    entity = build_{{ unit.entity }}(quantity=3, status={{ unit.entity_class }}Status.ARCHIVED)

    with pytest.raises(errors.Archived{{ unit.entity_class }}Error):
        entity.adjust_quantity(1, LATER)

    assert entity.quantity == 3


def test_adjust_quantity_adds_and_takes_away_and_records_each_change() -> None:
    entity = build_{{ unit.entity }}(quantity=5)

    entity.adjust_quantity(3, LATER)
    entity.adjust_quantity(-8, LATER)

    assert entity.quantity == 0
    assert entity.updated_at == LATER
    assert [(event.delta, event.quantity) for event in adjustments(entity)] == [(3, 8), (-8, 0)]


def test_adjust_quantity_may_not_go_below_zero() -> None:
    entity = build_{{ unit.entity }}(quantity=2)

    with pytest.raises(errors.Invalid{{ unit.entity_class }}Error, match="only 2 left"):
        entity.adjust_quantity(-3, LATER)

    assert (entity.quantity, entity.events) == (2, [])


def test_adjust_quantity_may_not_exceed_the_maximum() -> None:
    entity = build_{{ unit.entity }}(quantity=QUANTITY_MAX)

    with pytest.raises(errors.Invalid{{ unit.entity_class }}Error, match="quantity"):
        entity.adjust_quantity(1, LATER)

    assert entity.quantity == QUANTITY_MAX


def test_adjust_quantity_refuses_a_zero_delta() -> None:
    entity = build_{{ unit.entity }}(quantity=2)

    with pytest.raises(errors.Invalid{{ unit.entity_class }}Error, match="zero"):
        entity.adjust_quantity(0, LATER)

    assert entity.events == []


def test_aggregates_are_equal_when_their_ids_are() -> None:
    entity = build_{{ unit.entity }}("Alpha")
    same_id = {{ unit.entity_class }}(
        id=entity.id,
        name="Other",
        description="",
        quantity=0,
        status={{ unit.entity_class }}Status.ACTIVE,
        created_at=NOW,
        updated_at=NOW,
    )

    assert entity == same_id
    assert hash(entity) == hash(same_id)
    assert entity != build_{{ unit.entity }}("Alpha")


def adjustments(
    entity: {{ unit.entity_class }},
) -> list[events.{{ unit.entity_class }}QuantityAdjusted]:
    return [e for e in entity.events if isinstance(e, events.{{ unit.entity_class }}QuantityAdjusted)]
