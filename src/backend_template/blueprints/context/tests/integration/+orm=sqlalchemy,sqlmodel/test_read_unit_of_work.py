"""Work that only reads: statements on a connection of its own, and no way to write through it."""

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from {{ unit.application }}.ports import {{ unit.entity_class }}Filter
from {{ unit.application }}.create import (
    Create{{ unit.entity_class }},
    Create{{ unit.entity_class }}Command,
)
from {{ unit.infrastructure }}.unit_of_work import (
    Database,
    read_unit_of_work_factory,
    unit_of_work_factory,
)
from {{ unit.shared }}.pagination import PageRequest, Sort, SortDirection

# isort: split
from tests.fakes.{{ unit.name }}.builders import build_{{ unit.entity }}
from tests.fakes.clock import FakeClock


async def test_reads_run_on_a_connection_and_see_what_was_committed(database: Database) -> None:
    create = Create{{ unit.entity_class }}(
        unit_of_work_factory(database)(),
        FakeClock(),
    )
    created = await create.execute(Create{{ unit.entity_class }}Command(name="Alpha", quantity=3))

    async with read_unit_of_work_factory(database)() as reads:
        assert isinstance(reads.statements, AsyncConnection)
        found = await reads.{{ unit.entity_plural }}.get(created.id)
        page = await reads.{{ unit.entity_plural }}.list(
            PageRequest(offset=0, limit=10),
            Sort("name", SortDirection.ASC),
            {{ unit.entity_class }}Filter(),
        )

    assert found is not None
    assert (found.name, found.quantity, found.version) == ("Alpha", 3, 1)
    assert [item.id for item in page.items] == [created.id]
    assert page.total == 1


async def test_work_that_only_reads_cannot_write_or_commit(database: Database) -> None:
    entity = build_{{ unit.entity }}(name="Never stored")

    async with read_unit_of_work_factory(database)() as reads:
        with pytest.raises(TypeError, match="only reads"):
            await reads.{{ unit.entity_plural }}.add(entity)
        with pytest.raises(TypeError, match="only reads"):
            await reads.{{ unit.entity_plural }}.update(entity, expected_version=1)
        with pytest.raises(TypeError, match="only reads"):
            await reads.{{ unit.entity_plural }}.delete(entity.id, expected_version=1)
        with pytest.raises(TypeError, match="only reads"):
            await reads.commit()

    async with unit_of_work_factory(database)() as check:
        assert await check.{{ unit.entity_plural }}.get(entity.id) is None
