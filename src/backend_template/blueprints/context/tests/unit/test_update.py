{%- set wire = json_case(cookiecutter) -%}
"""Updating one {{ unit.entity_class }}: full or partial, version-guarded, names kept unique."""

import uuid

import pytest

from {{ unit.application }} import integration_events
from {{ unit.application }}.update import (
    Update{{ unit.entity_class }},
    Update{{ unit.entity_class }}Command,
)
from {{ unit.domain }} import errors
from {{ unit.domain }}.model import {{ unit.entity_class }}Status
from {{ unit.shared }}.errors import ConcurrentUpdateError

# isort: split
from tests.fakes.{{ unit.name }}.builders import build_{{ unit.entity }}
from tests.fakes.clock import FakeClock
from tests.fakes.events import RecordingPublisher
from tests.fakes.{{ unit.name }}.unit_of_work import InMemory{{ unit.title }}UnitOfWork


async def test_update_replaces_both_fields_and_advances_the_version(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    stored = build_{{ unit.entity }}("Alpha", description="old")
    uow.seed(stored)
    later = clock.advance()
    command = Update{{ unit.entity_class }}Command(stored.id, name="Beta", description="new")

    use_case = Update{{ unit.entity_class }}(uow, clock)
    updated = await use_case.execute(command)

    assert (updated.name, updated.description, updated.version) == ("Beta", "new", 2)
    assert updated.updated_at == later
    assert updated.created_at == stored.created_at
    saved = uow.committed[stored.id]
    assert (saved.name, saved.description, saved.version) == ("Beta", "new", 2)
    assert uow.commits == 1
    payload = {
        "{{ wire.key(unit.entity ~ "_id") }}": str(stored.id),
        "name": "Beta",
        "description": "new",
    }
    assert publisher.summary() == [(integration_events.UPDATED, stored.id, payload)]
    assert publisher.published[0].occurred_at == later


async def test_update_of_one_field_keeps_the_other(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    stored = build_{{ unit.entity }}("Alpha", description="kept")
    uow.seed(stored)
    command = Update{{ unit.entity_class }}Command(stored.id, name="Beta")

    use_case = Update{{ unit.entity_class }}(uow, clock)
    updated = await use_case.execute(command)

    assert (updated.name, updated.description) == ("Beta", "kept")
    payload = {
        "{{ wire.key(unit.entity ~ "_id") }}": str(stored.id),
        "name": "Beta",
        "description": "kept",
    }
    assert publisher.summary() == [(integration_events.UPDATED, stored.id, payload)]


async def test_update_with_the_current_version_succeeds(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
) -> None:
    stored = build_{{ unit.entity }}("Alpha")
    uow.seed(stored)
    command = Update{{ unit.entity_class }}Command(stored.id, name="Beta", expected_version=1)

    use_case = Update{{ unit.entity_class }}(uow, clock)
    updated = await use_case.execute(command)

    assert updated.version == 2


async def test_update_with_a_stale_version_is_a_concurrent_update_and_changes_nothing(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    stored = build_{{ unit.entity }}("Alpha")
    uow.seed(stored)
    command = Update{{ unit.entity_class }}Command(stored.id, name="Beta", expected_version=3)

    with pytest.raises(ConcurrentUpdateError) as caught:
        await Update{{ unit.entity_class }}(uow, clock).execute(command)

    assert caught.value.code == "concurrent_update"
    assert caught.value.details == {"id": str(stored.id), "expected_version": 3}
    assert (uow.committed[stored.id].name, uow.commits) == ("Alpha", 0)
    assert publisher.published == []


async def test_update_loses_to_a_writer_that_committed_after_it_loaded(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
) -> None:
    stored = build_{{ unit.entity }}("Alpha")
    uow.seed(stored)
    other_writer = InMemory{{ unit.title }}UnitOfWork(uow.committed)

    async with uow, other_writer:
        mine = await uow.{{ unit.entity_plural }}.get(stored.id)
        theirs = await other_writer.{{ unit.entity_plural }}.get(stored.id)
        assert mine is not None
        assert theirs is not None
        theirs.revise("Theirs", None, clock.now())
        await other_writer.{{ unit.entity_plural }}.update(theirs, expected_version=1)
        await other_writer.commit()
        mine.revise("Mine", None, clock.now())
        with pytest.raises(errors.Stale{{ unit.entity_class }}Error):
            await uow.{{ unit.entity_plural }}.update(mine, expected_version=1)

    assert (uow.committed[stored.id].name, uow.committed[stored.id].version) == ("Theirs", 2)


async def test_update_to_a_name_another_one_has_is_a_conflict(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    first, second = build_{{ unit.entity }}("Alpha"), build_{{ unit.entity }}("Beta")
    uow.seed(first, second)
    command = Update{{ unit.entity_class }}Command(second.id, name=" Alpha ")

    with pytest.raises(errors.{{ unit.entity_class }}NameTakenError):
        await Update{{ unit.entity_class }}(uow, clock).execute(command)

    assert (uow.committed[second.id].name, uow.commits) == ("Beta", 0)
    assert publisher.published == []


async def test_update_that_changes_nothing_keeps_the_version_and_does_not_commit(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    stored = build_{{ unit.entity }}("Alpha", description="same")
    uow.seed(stored)
    command = Update{{ unit.entity_class }}Command(stored.id, name="Alpha", description="same")

    use_case = Update{{ unit.entity_class }}(uow, clock)
    updated = await use_case.execute(command)

    assert (updated.version, updated.updated_at) == (1, stored.updated_at)
    assert uow.commits == 0
    assert publisher.published == []


async def test_update_of_an_archived_one_is_refused(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    stored = build_{{ unit.entity }}("Alpha", status={{ unit.entity_class }}Status.ARCHIVED)
    uow.seed(stored)
    command = Update{{ unit.entity_class }}Command(stored.id, name="Beta")

    with pytest.raises(errors.Archived{{ unit.entity_class }}Error):
        await Update{{ unit.entity_class }}(uow, clock).execute(command)

    assert (uow.committed[stored.id].name, uow.commits) == ("Alpha", 0)
    assert publisher.published == []


async def test_update_of_an_unknown_id_is_not_found(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    command = Update{{ unit.entity_class }}Command(uuid.uuid4(), name="Beta")

    with pytest.raises(errors.{{ unit.entity_class }}NotFoundError):
        await Update{{ unit.entity_class }}(uow, clock).execute(command)

    assert publisher.published == []
