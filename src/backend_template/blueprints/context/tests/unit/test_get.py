"""Reading one {{ unit.entity_class }}: the stored state, or NotFound."""

import uuid

import pytest

from {{ unit.application }}.dto import {{ unit.entity_class }}Dto
from {{ unit.application }}.get import (
    Get{{ unit.entity_class }},
    Get{{ unit.entity_class }}Query,
)
from {{ unit.domain }} import errors
from {{ unit.shared }}.errors import NotFoundError

# isort: split
from tests.fakes.{{ unit.name }}.builders import build_{{ unit.entity }}
from tests.fakes.{{ unit.name }}.unit_of_work import InMemory{{ unit.title }}UnitOfWork


async def test_get_returns_the_stored_state(
    uow: InMemory{{ unit.title }}UnitOfWork,
) -> None:
    stored = build_{{ unit.entity }}("Alpha", description="text", quantity=7)
    uow.seed(stored)

    found = await Get{{ unit.entity_class }}(uow).execute(Get{{ unit.entity_class }}Query(stored.id))

    assert found == {{ unit.entity_class }}Dto.of(stored)
    assert uow.commits == 0


async def test_get_an_unknown_id_is_not_found(
    uow: InMemory{{ unit.title }}UnitOfWork,
) -> None:
    missing = uuid.uuid4()

    with pytest.raises(errors.{{ unit.entity_class }}NotFoundError) as caught:
        await Get{{ unit.entity_class }}(uow).execute(Get{{ unit.entity_class }}Query(missing))

    assert isinstance(caught.value, NotFoundError)
    assert caught.value.details == {"id": str(missing)}
