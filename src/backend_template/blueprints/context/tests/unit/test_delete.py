{%- set wire = json_case(cookiecutter) -%}
"""Deleting one {{ unit.entity_class }}: gone after one commit, version-guarded, announced after."""

import uuid

import pytest

from {{ unit.application }} import integration_events
from {{ unit.application }}.delete import (
    Delete{{ unit.entity_class }},
    Delete{{ unit.entity_class }}Command,
)
from {{ unit.domain }} import errors

# isort: split
from tests.fakes.{{ unit.name }}.builders import build_{{ unit.entity }}
from tests.fakes.clock import FakeClock
from tests.fakes.events import RecordingPublisher
from tests.fakes.{{ unit.name }}.unit_of_work import InMemory{{ unit.title }}UnitOfWork


async def test_delete_removes_it_in_one_commit_then_publishes_that_it_was_deleted(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    stored, other = build_{{ unit.entity }}("Alpha"), build_{{ unit.entity }}("Beta")
    uow.seed(stored, other)
    use_case = Delete{{ unit.entity_class }}(uow, clock)

    await use_case.execute(Delete{{ unit.entity_class }}Command(stored.id))

    assert list(uow.committed) == [other.id]
    assert uow.commits == 1
    payload = {"{{ wire.key(unit.entity ~ "_id") }}": str(stored.id)}
    assert publisher.summary() == [(integration_events.DELETED, stored.id, payload)]
    assert (publisher.published[0].occurred_at, publisher.batches) == (clock.now(), 1)


async def test_delete_frees_the_name_for_a_new_one(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
) -> None:
    stored = build_{{ unit.entity }}("Alpha")
    uow.seed(stored)
    use_case = Delete{{ unit.entity_class }}(uow, clock)

    await use_case.execute(Delete{{ unit.entity_class }}Command(stored.id))

    async with uow:
        assert not await uow.{{ unit.entity_plural }}.exists_with_name("Alpha")


async def test_delete_with_a_stale_version_is_refused_and_publishes_nothing(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    stored = build_{{ unit.entity }}("Alpha")
    uow.seed(stored)
    command = Delete{{ unit.entity_class }}Command(stored.id, expected_version=2)

    with pytest.raises(errors.Stale{{ unit.entity_class }}Error):
        await Delete{{ unit.entity_class }}(uow, clock).execute(command)

    assert list(uow.committed) == [stored.id]
    assert (publisher.published, publisher.batches) == ([], 0)


async def test_delete_of_an_unknown_id_is_not_found_and_publishes_nothing(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    command = Delete{{ unit.entity_class }}Command(uuid.uuid4())

    with pytest.raises(errors.{{ unit.entity_class }}NotFoundError):
        await Delete{{ unit.entity_class }}(uow, clock).execute(command)

    assert uow.commits == 0
    assert publisher.published == []
