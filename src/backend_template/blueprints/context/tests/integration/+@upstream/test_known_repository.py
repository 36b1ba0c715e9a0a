{%- set up = unit.upstream -%}
{%- set wire = json_case(cookiecutter) -%}
"""The known records on the real database: the fake's rules, and concurrent deliveries."""

import asyncio
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from {{ unit.application }}.apply_upstream_event import (
    Apply{{ up.title }}Event,
    Outcome,
)
from {{ unit.application }}.known import (
{%- for name in ["Known" ~ up.entity_class, "Known" ~ up.entity_class ~ "Status", "Known" ~ up.entity_class ~ "ConflictError", "Known" ~ up.entity_class ~ "UnitOfWork"] | sort(case_sensitive=true) %}
    {{ name }},
{%- endfor %}
)
from {{ unit.database }} import Database
from {{ unit.infrastructure }}.known_unit_of_work import (
    known_unit_of_work_factory,
)
from {{ unit.shared }}.events import IntegrationEvent
from {{ unit.shared }}.pagination import PageRequest

AT = datetime(2024, 5, 1, 9, 30, 15, 123_456, tzinfo=UTC)


@pytest.fixture
def uow(database: Database) -> Known{{ up.entity_class }}UnitOfWork:
    return known_unit_of_work_factory(database)()


def known(
    name: str,
    *,
    number: int = 1,
    deleted: bool = False,
    events_applied: int = 1,
) -> Known{{ up.entity_class }}:
    return Known{{ up.entity_class }}(
        id=uuid.UUID(int=number),
        name=name,
        status=Known{{ up.entity_class }}Status.DRAFT,
        quantity=number,
        deleted=deleted,
        last_event_at=AT,
        events_applied=events_applied,
    )


async def store(
    uow: Known{{ up.entity_class }}UnitOfWork,
    *records: Known{{ up.entity_class }},
) -> None:
    async with uow:
        for record in records:
            await uow.known_{{ up.entity_plural }}.add(record)
        await uow.commit()


async def load(
    uow: Known{{ up.entity_class }}UnitOfWork,
    entity_id: uuid.UUID,
) -> Known{{ up.entity_class }} | None:
    async with uow:
        return await uow.known_{{ up.entity_plural }}.get(entity_id)


async def test_a_record_reads_back_field_for_field_in_utc_to_the_microsecond(
    uow: Known{{ up.entity_class }}UnitOfWork,
) -> None:
    in_paris = AT.astimezone(timezone(timedelta(hours=2)))
    record = replace(known("Alpha", deleted=True), last_event_at=in_paris)
    await store(uow, record)

    found = await load(uow, record.id)

    assert found == record
    assert found is not None
    assert found.last_event_at.utcoffset() == timedelta(0)
    assert await load(uow, uuid.UUID(int=99)) is None


async def test_a_second_first_record_of_an_id_is_a_conflict(
    uow: Known{{ up.entity_class }}UnitOfWork,
) -> None:
    await store(uow, known("Alpha"))

    with pytest.raises(Known{{ up.entity_class }}ConflictError):
        await store(uow, known("Beta"))

    assert (await load(uow, uuid.UUID(int=1))) == known("Alpha")


async def test_a_replacement_needs_the_record_it_was_computed_from(
    uow: Known{{ up.entity_class }}UnitOfWork,
) -> None:
    await store(uow, known("Alpha"))
    moved = known("Beta", events_applied=2)

    async with uow:
        with pytest.raises(Known{{ up.entity_class }}ConflictError):
            await uow.known_{{ up.entity_plural }}.replace(moved, events_applied_before=2)
    assert (await load(uow, moved.id)) == known("Alpha")

    async with uow:
        await uow.known_{{ up.entity_plural }}.replace(moved, events_applied_before=1)
        await uow.commit()
    assert (await load(uow, moved.id)) == moved


async def test_work_that_is_not_committed_is_rolled_back(
    uow: Known{{ up.entity_class }}UnitOfWork,
) -> None:
    async with uow:
        await uow.known_{{ up.entity_plural }}.add(known("Alpha"))

    assert await load(uow, uuid.UUID(int=1)) is None


async def test_a_page_is_sorted_by_name_then_id_tombstones_included(
    uow: Known{{ up.entity_class }}UnitOfWork,
) -> None:
    await store(
        uow,
        known("Charlie", number=4),
        known("Alpha", number=3, deleted=True),
        known("Beta", number=2),
        known("Beta", number=1),
    )

    async with uow:
        first = await uow.known_{{ up.entity_plural }}.list(PageRequest(limit=3))
        rest = await uow.known_{{ up.entity_plural }}.list(PageRequest(offset=3, limit=3))

    assert [(item.name, item.id.int) for item in first.items] == [
        ("Alpha", 3),
        ("Beta", 1),
        ("Beta", 2),
    ]
    assert [item.name for item in rest.items] == ["Charlie"]
    assert (first.total, rest.total, first.items[0].deleted) == (4, 4, True)


async def test_deliveries_at_once_for_a_new_id_are_all_applied(database: Database) -> None:
    factory = known_unit_of_work_factory(database)
    entity_id = uuid.UUID(int=5)
    events = [
        IntegrationEvent.record(
            name="{{ up.name }}.{{ up.entity }}.quantity_adjusted",
            aggregate_id=entity_id,
            occurred_at=AT + timedelta(seconds=number),
            payload={"{{ wire.key(up.entity ~ "_id") }}": str(entity_id), "delta": 1, "quantity": number},
        )
        for number in range(1, 5)
    ]

    outcomes = await asyncio.gather(
        *(Apply{{ up.title }}Event(factory()).execute(one) for one in events),
    )

    # Each is applied unless a later one got there first; the latest always wins.
    assert Outcome.APPLIED in outcomes
    assert set(outcomes) <= {Outcome.APPLIED, Outcome.STALE}
    found = await load(factory(), entity_id)
    assert found is not None
    assert (found.quantity, found.last_event_at) == (4, AT + timedelta(seconds=4))
    assert found.events_applied == outcomes.count(Outcome.APPLIED)


async def test_a_unit_of_work_is_used_inside_one_async_with_block_at_a_time(
    uow: Known{{ up.entity_class }}UnitOfWork,
) -> None:
    with pytest.raises(RuntimeError, match="outside"):
        await uow.known_{{ up.entity_plural }}.get(uuid.UUID(int=1))
    with pytest.raises(RuntimeError, match="outside"):
        await uow.commit()
    async with uow:
        with pytest.raises(RuntimeError, match="already in use"):
            await uow.__aenter__()
