{%- set up = unit.upstream -%}
{%- set wire = json_case(cookiecutter) -%}
"""Applying {{ up.name }} events to the known records: idempotent, in any order, never lost."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from {{ unit.application }}.apply_upstream_event import (
    ATTEMPTS,
    Apply{{ up.title }}Event,
    Outcome,
)
from {{ unit.application }}.known import (
    Known{{ up.entity_class }},
    Known{{ up.entity_class }}ConflictError,
    Known{{ up.entity_class }}Status,
)
from {{ unit.shared }}.events import IntegrationEvent, JsonScalar, MalformedEventError

# isort: split
from tests.fakes.{{ unit.name }}.known import InMemoryKnown{{ up.entity_class }}UnitOfWork

T0 = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
ENTITY_ID = uuid.UUID(int=7)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def event(
    what: str,
    when: datetime,
    entity_id: uuid.UUID = ENTITY_ID,
    **details: JsonScalar,
) -> IntegrationEvent:
    """An event in its wire form: the contract, written out rather than imported."""
    return IntegrationEvent.record(
        name=f"{{ up.name }}.{{ up.entity }}.{what}",
        aggregate_id=entity_id,
        occurred_at=when,
        payload={"{{ wire.key(up.entity ~ "_id") }}": str(entity_id), **details},
    )


@pytest.fixture
def records() -> InMemoryKnown{{ up.entity_class }}UnitOfWork:
    return InMemoryKnown{{ up.entity_class }}UnitOfWork()


async def apply(
    records: InMemoryKnown{{ up.entity_class }}UnitOfWork,
    *events: IntegrationEvent,
) -> list[Outcome]:
    use_case = Apply{{ up.title }}Event(records)
    return [await use_case.execute(one) for one in events]


def record(records: InMemoryKnown{{ up.entity_class }}UnitOfWork) -> Known{{ up.entity_class }}:
    return records.committed[ENTITY_ID]


async def test_a_creation_makes_the_record_of_a_new_draft(
    records: InMemoryKnown{{ up.entity_class }}UnitOfWork,
) -> None:
    outcomes = await apply(records, event("created", at(0), name="Alpha", quantity=3))

    assert outcomes == [Outcome.APPLIED]
    assert record(records) == Known{{ up.entity_class }}(
        id=ENTITY_ID,
        name="Alpha",
        status=Known{{ up.entity_class }}Status.DRAFT,
        quantity=3,
        deleted=False,
        last_event_at=at(0),
        events_applied=1,
    )
    assert records.commits == 1


async def test_each_later_event_moves_the_record_along(
    records: InMemoryKnown{{ up.entity_class }}UnitOfWork,
) -> None:
    outcomes = await apply(
        records,
        event("created", at(0), name="Alpha", quantity=3),
        event("updated", at(1), name="Beta", description="renamed"),
        event("quantity_adjusted", at(2), delta=4, quantity=7),
        event("activated", at(3)),
    )

    assert outcomes == [Outcome.APPLIED] * 4
    known = record(records)
    assert (known.name, known.quantity, known.status) == (
        "Beta",
        7,
        Known{{ up.entity_class }}Status.ACTIVE,
    )
    assert (known.last_event_at, known.events_applied, known.deleted) == (at(3), 4, False)

    await apply(records, event("archived", at(4)))

    assert record(records).status is Known{{ up.entity_class }}Status.ARCHIVED


async def test_a_duplicate_delivery_changes_nothing(
    records: InMemoryKnown{{ up.entity_class }}UnitOfWork,
) -> None:
    created = event("created", at(0), name="Alpha", quantity=3)
    await apply(records, created)
    before = record(records)

    outcomes = await apply(records, created)

    assert outcomes == [Outcome.STALE]
    assert record(records) == before
    assert records.commits == 1


async def test_an_event_overtaken_by_a_later_one_is_ignored(
    records: InMemoryKnown{{ up.entity_class }}UnitOfWork,
) -> None:
    await apply(records, event("created", at(0), name="Alpha", quantity=3))
    await apply(records, event("updated", at(5), name="Latest", description=""))

    outcomes = await apply(
        records,
        event("updated", at(2), name="Older", description=""),
        event("quantity_adjusted", at(5), delta=1, quantity=4),
    )

    # Strictly later only: an event of the very same moment is no news either.
    assert outcomes == [Outcome.STALE, Outcome.STALE]
    known = record(records)
    assert (known.name, known.quantity, known.events_applied) == ("Latest", 3, 2)
    assert known.last_event_at == at(5)


async def test_a_deletion_leaves_a_tombstone_that_nothing_brings_back(
    records: InMemoryKnown{{ up.entity_class }}UnitOfWork,
) -> None:
    await apply(
        records,
        event("created", at(0), name="Alpha", quantity=3),
        event("deleted", at(1)),
    )

    outcomes = await apply(
        records,
        event("updated", at(9), name="Revived", description=""),
        event("activated", at(10)),
        event("deleted", at(11)),
    )

    assert outcomes == [Outcome.TOMBSTONED] * 3
    known = record(records)
    assert (known.deleted, known.name, known.events_applied) == (True, "Alpha", 2)
    assert (known.status, known.last_event_at) == (Known{{ up.entity_class }}Status.DRAFT, at(1))


async def test_an_event_for_an_unknown_id_creates_the_record_from_what_it_carries(
    records: InMemoryKnown{{ up.entity_class }}UnitOfWork,
) -> None:
    outcomes = await apply(records, event("updated", at(2), name="Beta", description=""))

    assert outcomes == [Outcome.APPLIED]
    assert record(records) == Known{{ up.entity_class }}(
        id=ENTITY_ID,
        name="Beta",
        status=Known{{ up.entity_class }}Status.UNKNOWN,
        quantity=0,
        deleted=False,
        last_event_at=at(2),
        events_applied=1,
    )

    # The creation it overtook completes what is still unknown, once; later events move it on.
    later = await apply(
        records,
        event("created", at(0), name="Alpha", quantity=3),
        event("created", at(0), name="Alpha", quantity=3),
        event("quantity_adjusted", at(3), delta=2, quantity=5),
        event("activated", at(4)),
    )

    assert later == [Outcome.APPLIED, Outcome.STALE, Outcome.APPLIED, Outcome.APPLIED]
    known = record(records)
    assert (known.name, known.quantity, known.status, known.events_applied) == (
        "Beta",
        5,
        Known{{ up.entity_class }}Status.ACTIVE,
        4,
    )


async def test_a_creation_overtaken_by_an_update_completes_the_record(
    records: InMemoryKnown{{ up.entity_class }}UnitOfWork,
) -> None:
    outcomes = await apply(
        records,
        event("updated", at(2), name="Beta", description=""),
        event("created", at(1), name="Alpha", quantity=3),
    )

    assert outcomes == [Outcome.APPLIED, Outcome.APPLIED]
    known = record(records)
    assert (known.name, known.quantity, known.status, known.events_applied) == (
        "Beta",
        3,
        Known{{ up.entity_class }}Status.DRAFT,
        2,
    )
    assert known.last_event_at == at(2)


async def test_a_deletion_of_an_unknown_id_is_kept_as_a_tombstone(
    records: InMemoryKnown{{ up.entity_class }}UnitOfWork,
) -> None:
    outcomes = await apply(
        records,
        event("deleted", at(5)),
        event("created", at(0), name="Alpha", quantity=3),
    )

    assert outcomes == [Outcome.APPLIED, Outcome.TOMBSTONED]
    known = record(records)
    assert (known.deleted, known.name, known.events_applied) == (True, "", 1)


async def test_records_of_different_ids_are_kept_apart(
    records: InMemoryKnown{{ up.entity_class }}UnitOfWork,
) -> None:
    other = uuid.UUID(int=8)

    await apply(
        records,
        event("created", at(0), name="Alpha", quantity=1),
        event("created", at(0), other, name="Beta", quantity=2),
        event("deleted", at(1), other),
    )

    assert (record(records).name, record(records).deleted) == ("Alpha", False)
    assert (records.committed[other].name, records.committed[other].deleted) == (
        "Beta",
        True,
    )


async def test_a_concurrent_delivery_that_stored_first_is_read_again_and_nothing_is_lost(
    records: InMemoryKnown{{ up.entity_class }}UnitOfWork,
) -> None:
    # Another delivery, of the creation, commits between this one's read and its write.
    records.meanwhile.append(
        Known{{ up.entity_class }}(
            id=ENTITY_ID,
            name="Alpha",
            status=Known{{ up.entity_class }}Status.DRAFT,
            quantity=3,
            deleted=False,
            last_event_at=at(0),
            events_applied=1,
        ),
    )

    outcomes = await apply(records, event("activated", at(1)))

    assert outcomes == [Outcome.APPLIED]
    known = record(records)
    assert (known.name, known.status, known.events_applied) == (
        "Alpha",
        Known{{ up.entity_class }}Status.ACTIVE,
        2,
    )


async def test_a_record_that_keeps_moving_is_given_up_after_the_attempts(
    records: InMemoryKnown{{ up.entity_class }}UnitOfWork,
) -> None:
    records.meanwhile.extend(
        Known{{ up.entity_class }}(
            id=ENTITY_ID,
            name="Alpha",
            status=Known{{ up.entity_class }}Status.DRAFT,
            quantity=0,
            deleted=False,
            last_event_at=at(0),
            events_applied=attempt,
        )
        for attempt in range(1, ATTEMPTS + 1)
    )

    with pytest.raises(Known{{ up.entity_class }}ConflictError):
        await apply(records, event("activated", at(1)))

    assert records.meanwhile == []
    assert record(records).events_applied == ATTEMPTS
    assert records.commits == 0


@pytest.mark.parametrize(
    "malformed",
    [
        event("renamed", at(0), name="Alpha"),
        IntegrationEvent.record(
            name="{{ up.name }}.{{ up.entity }}.created",
            aggregate_id=ENTITY_ID,
            occurred_at=at(0),
            payload={"{{ wire.key(up.entity ~ "_id") }}": str(ENTITY_ID), "name": "Alpha", "quantity": 1},
            version=2,
        ),
        IntegrationEvent.record(
            name="{{ up.name }}.{{ up.entity }}.activated",
            aggregate_id=ENTITY_ID,
            occurred_at=at(0),
            payload={"{{ wire.key(up.entity ~ "_id") }}": str(uuid.UUID(int=9))},
        ),
        event("created", at(0), quantity=1),
        event("created", at(0), name="A" * 201, quantity=1),
        event("created", at(0), name="Alpha", quantity=True),
        event("quantity_adjusted", at(0), delta=-1, quantity=-1),
        event("updated", at(0), name=None, description=""),
    ],
    ids=[
        "unknown-name",
        "other-version",
        "id-mismatch",
        "no-name",
        "name-too-long",
        "boolean-quantity",
        "negative-quantity",
        "null-name",
    ],
)
async def test_an_event_that_breaks_the_contract_is_refused_and_stores_nothing(
    records: InMemoryKnown{{ up.entity_class }}UnitOfWork,
    malformed: IntegrationEvent,
) -> None:
    with pytest.raises(MalformedEventError):
        await apply(records, malformed)

    assert (records.committed, records.commits) == ({}, 0)
