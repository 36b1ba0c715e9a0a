"""Transactions on the real database: optimistic concurrency and use cases end to end."""

import pytest

from {{ unit.application }} import integration_events
from {{ unit.application }}.create import (
    Create{{ unit.entity_class }},
    Create{{ unit.entity_class }}Command,
)
from {{ unit.application }}.update import (
    Update{{ unit.entity_class }},
    Update{{ unit.entity_class }}Command,
)
from {{ unit.domain }}.model import {{ unit.entity_class }}Status
from {{ unit.infrastructure }}.unit_of_work import (
    Database,
    unit_of_work_factory,
)
from {{ unit.package }}.infrastructure.outbox.store import outbox_store
from {{ unit.shared }}.errors import ConcurrentUpdateError, ConflictError

# isort: split
from tests.fakes.{{ unit.name }}.builders import build_{{ unit.entity }}
from tests.fakes.clock import FakeClock
from tests.fakes.events import RecordingPublisher


async def test_two_writers_on_the_same_version_the_second_gets_a_concurrent_update_error(
    database: Database,
) -> None:
    clock = FakeClock()
    created = await Create{{ unit.entity_class }}(
        unit_of_work_factory(database)(),
        clock,
    ).execute(Create{{ unit.entity_class }}Command(name="Alpha", quantity=5))
    first = unit_of_work_factory(database)()
    second = unit_of_work_factory(database)()

    async with first, second:
        mine = await first.{{ unit.entity_plural }}.get(created.id)
        theirs = await second.{{ unit.entity_plural }}.get(created.id)
        assert mine is not None
        assert theirs is not None
        assert mine.version == theirs.version == 1
        mine.adjust_quantity(-5, clock.advance())
        theirs.adjust_quantity(-3, clock.advance())
        await first.{{ unit.entity_plural }}.update(mine, expected_version=1)
        await first.commit()
        with pytest.raises(ConcurrentUpdateError) as caught:
            await second.{{ unit.entity_plural }}.update(theirs, expected_version=1)

    assert caught.value.details == {"id": str(created.id), "expected_version": 1}
    async with unit_of_work_factory(database)() as check:
        stored = await check.{{ unit.entity_plural }}.get(created.id)
    assert stored is not None
    assert (stored.quantity, stored.version) == (0, 2)


async def test_use_cases_run_end_to_end_on_the_database(
    database: Database,
) -> None:
    clock, commits = FakeClock(), []
    factory = unit_of_work_factory(database, on_commit=lambda: commits.append(1))
    created = await Create{{ unit.entity_class }}(
        factory(),
        clock,
    ).execute(Create{{ unit.entity_class }}Command(name="Alpha"))
    command = Update{{ unit.entity_class }}Command(
        created.id,
        description="described",
        expected_version=1,
    )

    updated = await Update{{ unit.entity_class }}(
        factory(),
        clock,
    ).execute(command)

    assert (updated.description, updated.version) == ("described", 2)
    assert updated.status is {{ unit.entity_class }}Status.DRAFT
    with pytest.raises(ConflictError):
        await Create{{ unit.entity_class }}(
            factory(),
            clock,
        ).execute(Create{{ unit.entity_class }}Command(name="Alpha"))
    # Stored with each commit, and nothing for the create that the database refused.
    assert commits == [1, 1]
    publisher = RecordingPublisher()
    assert await outbox_store(database).relay(100, publisher.publish, clock.now()) == 2
    assert publisher.names() == [integration_events.CREATED, integration_events.UPDATED]
    assert {event.aggregate_id for event in publisher.published} == {created.id}
    assert await outbox_store(database).relay(100, publisher.publish, clock.now()) == 0


async def test_events_stored_in_a_work_that_is_not_committed_are_discarded(
    database: Database,
) -> None:
    clock, publisher = FakeClock(), RecordingPublisher()
    entity = build_{{ unit.entity }}("Dropped")

    async with unit_of_work_factory(database)() as uow:
        await uow.{{ unit.entity_plural }}.add(entity)
        await integration_events.record_changes(uow.outbox, entity)

    assert await outbox_store(database).relay(100, publisher.publish, clock.now()) == 0
    assert publisher.published == []


async def test_rollback_discards_what_was_not_committed_and_keeps_what_was(
    database: Database,
) -> None:
    kept, dropped = build_{{ unit.entity }}("Kept"), build_{{ unit.entity }}("Dropped")

    async with unit_of_work_factory(database)() as uow:
        await uow.{{ unit.entity_plural }}.add(kept)
        await uow.commit()
        await uow.{{ unit.entity_plural }}.add(dropped)
        await uow.rollback()

    async with unit_of_work_factory(database)() as uow:
        assert await uow.{{ unit.entity_plural }}.exists_with_name("Kept")
        assert not await uow.{{ unit.entity_plural }}.exists_with_name("Dropped")


async def test_a_unit_of_work_is_used_inside_one_async_with_block_at_a_time(
    database: Database,
) -> None:
    uow = unit_of_work_factory(database)()

    with pytest.raises(RuntimeError, match="outside"):
        await uow.{{ unit.entity_plural }}.exists_with_name("Alpha")
    with pytest.raises(RuntimeError, match="outside"):
        await uow.commit()
    async with uow:
        with pytest.raises(RuntimeError, match="already in use"):
            await uow.__aenter__()
