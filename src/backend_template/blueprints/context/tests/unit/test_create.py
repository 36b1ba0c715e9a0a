{%- set wire = json_case(cookiecutter) -%}
"""Creating one {{ unit.entity_class }}: stored as a draft in one commit, under a name nobody has."""

import pytest

from {{ unit.application }} import integration_events
from {{ unit.application }}.create import (
    Create{{ unit.entity_class }},
    Create{{ unit.entity_class }}Command,
)
from {{ unit.domain }} import errors
from {{ unit.domain }}.model import {{ unit.entity_class }}Status

# isort: split
from tests.fakes.{{ unit.name }}.builders import build_{{ unit.entity }}
from tests.fakes.clock import FakeClock
from tests.fakes.events import RecordingPublisher
from tests.fakes.{{ unit.name }}.unit_of_work import InMemory{{ unit.title }}UnitOfWork


async def test_create_stores_a_draft_and_commits_once(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    command = Create{{ unit.entity_class }}Command(name=" Alpha ", description="first", quantity=3)

    use_case = Create{{ unit.entity_class }}(uow, clock)
    created = await use_case.execute(command)

    assert uow.commits == 1
    stored = uow.committed[created.id]
    assert (stored.name, stored.description, stored.quantity) == ("Alpha", "first", 3)
    assert stored.status is {{ unit.entity_class }}Status.DRAFT
    assert (created.name, created.status, created.version) == ("Alpha", stored.status, 1)
    assert created.created_at == created.updated_at == clock.now()
    payload = {
        "{{ wire.key(unit.entity ~ "_id") }}": str(created.id),
        "name": "Alpha",
        "quantity": 3,
    }
    assert publisher.summary() == [(integration_events.CREATED, created.id, payload)]
    event = publisher.published[0]
    assert (event.version, event.occurred_at, publisher.batches) == (1, clock.now(), 1)


class OutboxWatchingUnitOfWork(InMemory{{ unit.title }}UnitOfWork):
    """Notes the names of the events its outbox held at each commit."""

    def __init__(self, published: RecordingPublisher) -> None:
        super().__init__(published=published)
        self.held_at_commit: list[list[str]] = []

    async def commit(self) -> None:
        self.held_at_commit.append([event.name for event in self.outbox.events])
        await super().commit()


async def test_create_stores_its_event_in_the_transaction_it_commits(
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    uow = OutboxWatchingUnitOfWork(publisher)

    await Create{{ unit.entity_class }}(uow, clock).execute(
        Create{{ unit.entity_class }}Command(name="Alpha"),
    )

    assert uow.held_at_commit == [[integration_events.CREATED]]
    assert publisher.names() == [integration_events.CREATED]


class FailingCommitUnitOfWork(InMemory{{ unit.title }}UnitOfWork):
    async def commit(self) -> None:
        msg = "the database went away"
        raise ConnectionError(msg)


async def test_create_publishes_nothing_when_the_commit_fails(
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    uow = FailingCommitUnitOfWork()

    with pytest.raises(ConnectionError):
        await Create{{ unit.entity_class }}(uow, clock).execute(
            Create{{ unit.entity_class }}Command(name="Alpha"),
        )

    assert (uow.committed, publisher.published) == ({}, [])


async def test_create_refuses_a_name_already_taken(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    existing = build_{{ unit.entity }}("Alpha")
    uow.seed(existing)

    command = Create{{ unit.entity_class }}Command(name="  Alpha")

    with pytest.raises(errors.{{ unit.entity_class }}NameTakenError) as caught:
        await Create{{ unit.entity_class }}(uow, clock).execute(command)

    assert caught.value.details == {"name": "Alpha"}
    assert uow.commits == 0
    assert list(uow.committed) == [existing.id]
    assert publisher.published == []


async def test_create_refuses_a_negative_quantity_without_storing_anything(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    command = Create{{ unit.entity_class }}Command(name="Alpha", quantity=-1)

    with pytest.raises(errors.Invalid{{ unit.entity_class }}Error):
        await Create{{ unit.entity_class }}(uow, clock).execute(command)

    assert (uow.commits, uow.committed, publisher.published) == (0, {}, [])
