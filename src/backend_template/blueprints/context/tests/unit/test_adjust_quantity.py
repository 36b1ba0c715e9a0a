{%- set wire = json_case(cookiecutter) -%}
"""Adjusting the quantity of one {{ unit.entity_class }}: never below zero, version-guarded."""

import uuid

import pytest

from {{ unit.application }} import integration_events
from {{ unit.application }}.adjust_quantity import (
    Adjust{{ unit.entity_class }}Quantity,
    Adjust{{ unit.entity_class }}QuantityCommand,
)
from {{ unit.domain }} import errors
from {{ unit.domain }}.model import {{ unit.entity_class }}Status

# isort: split
from tests.fakes.{{ unit.name }}.builders import build_{{ unit.entity }}
from tests.fakes.clock import FakeClock
from tests.fakes.events import RecordingPublisher
from tests.fakes.{{ unit.name }}.unit_of_work import InMemory{{ unit.title }}UnitOfWork


async def test_adjust_adds_to_the_quantity_in_one_commit(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    stored = build_{{ unit.entity }}(quantity=2)
    uow.seed(stored)
    command = Adjust{{ unit.entity_class }}QuantityCommand(stored.id, delta=5)

    use_case = Adjust{{ unit.entity_class }}Quantity(uow, clock)
    adjusted = await use_case.execute(command)

    assert (adjusted.quantity, adjusted.version) == (7, 2)
    assert uow.committed[stored.id].quantity == 7
    assert uow.commits == 1
    payload = {
        "{{ wire.key(unit.entity ~ "_id") }}": str(stored.id),
        "delta": 5,
        "quantity": 7,
    }
    assert publisher.summary() == [(integration_events.QUANTITY_ADJUSTED, stored.id, payload)]


async def test_adjust_may_take_everything_away(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    stored = build_{{ unit.entity }}(quantity=2)
    uow.seed(stored)
    command = Adjust{{ unit.entity_class }}QuantityCommand(stored.id, delta=-2)

    use_case = Adjust{{ unit.entity_class }}Quantity(uow, clock)
    adjusted = await use_case.execute(command)

    assert adjusted.quantity == 0
    payload = {
        "{{ wire.key(unit.entity ~ "_id") }}": str(stored.id),
        "delta": -2,
        "quantity": 0,
    }
    assert publisher.summary() == [(integration_events.QUANTITY_ADJUSTED, stored.id, payload)]


async def test_adjust_below_zero_is_refused_and_nothing_is_stored(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    stored = build_{{ unit.entity }}(quantity=2)
    uow.seed(stored)
    command = Adjust{{ unit.entity_class }}QuantityCommand(stored.id, delta=-3)

    with pytest.raises(errors.Invalid{{ unit.entity_class }}Error) as caught:
        await Adjust{{ unit.entity_class }}Quantity(uow, clock).execute(command)

    assert caught.value.code == "rule_violation"
    assert (uow.committed[stored.id].quantity, uow.commits) == (2, 0)
    assert publisher.published == []


async def test_adjust_of_an_archived_one_is_refused(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    stored = build_{{ unit.entity }}(quantity=2, status={{ unit.entity_class }}Status.ARCHIVED)
    uow.seed(stored)
    command = Adjust{{ unit.entity_class }}QuantityCommand(stored.id, delta=1)

    with pytest.raises(errors.Archived{{ unit.entity_class }}Error):
        await Adjust{{ unit.entity_class }}Quantity(uow, clock).execute(command)

    assert publisher.published == []


async def test_adjust_with_a_stale_version_is_refused(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    stored = build_{{ unit.entity }}(quantity=2)
    uow.seed(stored)
    command = Adjust{{ unit.entity_class }}QuantityCommand(stored.id, 1, expected_version=5)

    with pytest.raises(errors.Stale{{ unit.entity_class }}Error):
        await Adjust{{ unit.entity_class }}Quantity(uow, clock).execute(command)

    assert uow.committed[stored.id].quantity == 2
    assert publisher.published == []


async def test_adjust_of_an_unknown_id_is_not_found(
    uow: InMemory{{ unit.title }}UnitOfWork,
    clock: FakeClock,
    publisher: RecordingPublisher,
) -> None:
    command = Adjust{{ unit.entity_class }}QuantityCommand(uuid.uuid4(), delta=1)

    with pytest.raises(errors.{{ unit.entity_class }}NotFoundError):
        await Adjust{{ unit.entity_class }}Quantity(uow, clock).execute(command)

    assert publisher.published == []
