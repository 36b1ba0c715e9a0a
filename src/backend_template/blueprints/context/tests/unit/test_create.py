"""Creating one {{ unit.entity_class }}: stored as a draft in one commit, under a name nobody has."""

import pytest

from {{ unit.application }}.create import (
    Create{{ unit.entity_class }},
    Create{{ unit.entity_class }}Command,
)
from {{ unit.domain }} import errors
from {{ unit.domain }}.model import {{ unit.entity_class }}Status

# isort: split
from tests.fakes.{{ unit.name }}.builders import build_{{ unit.entity }}
from tests.fakes.{{ unit.name }}.clock import FixedClock
from tests.fakes.{{ unit.name }}.unit_of_work import Fake{{ unit.title }}UnitOfWork


async def test_create_stores_a_draft_and_commits_once(
    uow: Fake{{ unit.title }}UnitOfWork,
    clock: FixedClock,
) -> None:
    command = Create{{ unit.entity_class }}Command(name=" Alpha ", description="first", quantity=3)

    created = await Create{{ unit.entity_class }}(uow, clock).execute(command)

    assert uow.commits == 1
    stored = uow.committed[created.id]
    assert (stored.name, stored.description, stored.quantity) == ("Alpha", "first", 3)
    assert stored.status is {{ unit.entity_class }}Status.DRAFT
    assert (created.name, created.status, created.version) == ("Alpha", stored.status, 1)
    assert created.created_at == created.updated_at == clock.now()


async def test_create_refuses_a_name_already_taken(
    uow: Fake{{ unit.title }}UnitOfWork,
    clock: FixedClock,
) -> None:
    existing = build_{{ unit.entity }}("Alpha")
    uow.seed(existing)

    command = Create{{ unit.entity_class }}Command(name="  Alpha")

    with pytest.raises(errors.{{ unit.entity_class }}NameTakenError) as caught:
        await Create{{ unit.entity_class }}(uow, clock).execute(command)

    assert caught.value.details == {"name": "Alpha"}
    assert uow.commits == 0
    assert list(uow.committed) == [existing.id]


async def test_create_refuses_a_negative_quantity_without_storing_anything(
    uow: Fake{{ unit.title }}UnitOfWork,
    clock: FixedClock,
) -> None:
    command = Create{{ unit.entity_class }}Command(name="Alpha", quantity=-1)

    with pytest.raises(errors.Invalid{{ unit.entity_class }}Error):
        await Create{{ unit.entity_class }}(uow, clock).execute(command)

    assert (uow.commits, uow.committed) == (0, {})
