{%- set wire = json_case(cookiecutter) -%}
"""Activating and archiving one {{ unit.entity_class }} through the use case."""

import uuid

import pytest

from {{ unit.application }} import integration_events
from {{ unit.application }}.change_status import (
    Change{{ unit.entity_class }}Status,
    Change{{ unit.entity_class }}StatusCommand,
    StatusChange,
)
from {{ unit.domain }} import errors
from {{ unit.domain }}.model import {{ unit.entity_class }}Status

# isort: split
from tests.fakes.{{ unit.name }}.builders import build_{{ unit.entity }}
from tests.fakes.clock import FakeClock
from tests.fakes.events import RecordingPublisher
from tests.fakes.{{ unit.name }}.unit_of_work import InMemory{{ unit.title }}UnitOfWork


async def test_activate_makes_a_draft_active_in_one_commit(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    stored = build_{{ unit.entity }}()
    uow.seed(stored)
    command = Change{{ unit.entity_class }}StatusCommand(stored.id, StatusChange.ACTIVATE)

    use_case = Change{{ unit.entity_class }}Status(uow, clock)
    changed = await use_case.execute(command)

    assert (changed.status, changed.version) == ({{ unit.entity_class }}Status.ACTIVE, 2)
    assert uow.committed[stored.id].status is {{ unit.entity_class }}Status.ACTIVE
    assert uow.commits == 1
    payload = {"{{ wire.key(unit.entity ~ "_id") }}": str(stored.id)}
    assert publisher.summary() == [(integration_events.ACTIVATED, stored.id, payload)]
    assert publisher.published[0].occurred_at == clock.now()


async def test_archive_retires_an_active_one(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    stored = build_{{ unit.entity }}(status={{ unit.entity_class }}Status.ACTIVE)
    uow.seed(stored)
    command = Change{{ unit.entity_class }}StatusCommand(stored.id, StatusChange.ARCHIVE)

    use_case = Change{{ unit.entity_class }}Status(uow, clock)
    changed = await use_case.execute(command)

    assert changed.status is {{ unit.entity_class }}Status.ARCHIVED
    assert uow.committed[stored.id].status is {{ unit.entity_class }}Status.ARCHIVED
    payload = {"{{ wire.key(unit.entity ~ "_id") }}": str(stored.id)}
    assert publisher.summary() == [(integration_events.ARCHIVED, stored.id, payload)]


async def test_archiving_an_archived_one_again_changes_nothing(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    stored = build_{{ unit.entity }}(status={{ unit.entity_class }}Status.ARCHIVED)
    uow.seed(stored)
    command = Change{{ unit.entity_class }}StatusCommand(stored.id, StatusChange.ARCHIVE)

    use_case = Change{{ unit.entity_class }}Status(uow, clock)
    changed = await use_case.execute(command)

    assert (changed.status, changed.version, uow.commits) == (stored.status, 1, 0)
    assert (publisher.published, publisher.batches) == ([], 0)


async def test_reactivating_an_archived_one_is_refused(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    stored = build_{{ unit.entity }}(status={{ unit.entity_class }}Status.ARCHIVED)
    uow.seed(stored)
    command = Change{{ unit.entity_class }}StatusCommand(stored.id, StatusChange.ACTIVATE)

    with pytest.raises(errors.Archived{{ unit.entity_class }}Error):
        await Change{{ unit.entity_class }}Status(uow, clock).execute(command)

    assert uow.committed[stored.id].status is {{ unit.entity_class }}Status.ARCHIVED
    assert publisher.published == []


async def test_status_change_with_a_stale_version_is_refused(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    stored = build_{{ unit.entity }}()
    uow.seed(stored)
    command = Change{{ unit.entity_class }}StatusCommand(
        stored.id,
        StatusChange.ACTIVATE,
        expected_version=2,
    )

    with pytest.raises(errors.Stale{{ unit.entity_class }}Error):
        await Change{{ unit.entity_class }}Status(uow, clock).execute(command)

    assert uow.committed[stored.id].status is {{ unit.entity_class }}Status.DRAFT
    assert publisher.published == []


async def test_status_change_of_an_unknown_id_is_not_found(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    command = Change{{ unit.entity_class }}StatusCommand(uuid.uuid4(), StatusChange.ARCHIVE)

    with pytest.raises(errors.{{ unit.entity_class }}NotFoundError):
        await Change{{ unit.entity_class }}Status(uow, clock).execute(command)

    assert publisher.published == []
