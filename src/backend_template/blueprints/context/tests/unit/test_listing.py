"""Listing {{ unit.entity_class }} aggregates: offset pages with totals, sorting, filters."""

from datetime import timedelta

import pytest

from {{ unit.application }}.listing import (
    List{{ unit.entity_class }}Page,
    List{{ unit.entity_class }}PageQuery,
)
from {{ unit.domain }}.model import {{ unit.entity_class }}Status
from {{ unit.shared }}.errors import RuleViolationError
from {{ unit.shared }}.pagination import PageRequest, Sort, SortDirection

# isort: split
from tests.fakes.{{ unit.name }}.builders import CREATED_AT, build_{{ unit.entity }}
from tests.fakes.{{ unit.name }}.unit_of_work import InMemory{{ unit.title }}UnitOfWork

ASC, DESC = SortDirection.ASC, SortDirection.DESC


@pytest.fixture
def seeded(uow: InMemory{{ unit.title }}UnitOfWork) -> InMemory{{ unit.title }}UnitOfWork:
    """Four aggregates whose names, quantities and ages all sort differently."""
    uow.seed(
        build_{{ unit.entity }}("charlie", quantity=1, at=CREATED_AT),
        build_{{ unit.entity }}("alpha", quantity=3, at=CREATED_AT + timedelta(days=1)),
        build_{{ unit.entity }}(
            "delta",
            quantity=2,
            at=CREATED_AT + timedelta(days=2),
            status={{ unit.entity_class }}Status.ACTIVE,
        ),
        build_{{ unit.entity }}(
            "Bravo",
            quantity=4,
            at=CREATED_AT + timedelta(days=3),
            status={{ unit.entity_class }}Status.ARCHIVED,
        ),
    )
    return uow


async def names(
    uow: InMemory{{ unit.title }}UnitOfWork,
    query: List{{ unit.entity_class }}PageQuery,
) -> list[str]:
    page = await List{{ unit.entity_class }}Page(uow).execute(query)
    return [item.name for item in page.items]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (Sort("name", ASC), ["Bravo", "alpha", "charlie", "delta"]),
        (Sort("name", DESC), ["delta", "charlie", "alpha", "Bravo"]),
        (Sort("quantity", ASC), ["charlie", "delta", "alpha", "Bravo"]),
        (Sort("quantity", DESC), ["Bravo", "alpha", "delta", "charlie"]),
        (Sort("created_at", ASC), ["charlie", "alpha", "delta", "Bravo"]),
        (Sort("updated_at", DESC), ["Bravo", "delta", "alpha", "charlie"]),
    ],
)
async def test_list_sorts_by_the_requested_field_and_direction(
    seeded: InMemory{{ unit.title }}UnitOfWork,
    sort: Sort,
    expected: list[str],
) -> None:
    assert await names(seeded, List{{ unit.entity_class }}PageQuery(sort=sort)) == expected


async def test_list_sorts_by_name_ascending_by_default(
    seeded: InMemory{{ unit.title }}UnitOfWork,
) -> None:
    expected = ["Bravo", "alpha", "charlie", "delta"]

    assert await names(seeded, List{{ unit.entity_class }}PageQuery()) == expected


async def test_list_pages_with_offset_and_limit_and_counts_every_match(
    seeded: InMemory{{ unit.title }}UnitOfWork,
) -> None:
    query = List{{ unit.entity_class }}PageQuery(
        page=PageRequest(offset=1, limit=2),
        sort=Sort("quantity", ASC),
    )

    page = await List{{ unit.entity_class }}Page(seeded).execute(query)

    assert [item.name for item in page.items] == ["delta", "alpha"]
    assert (page.total, page.offset, page.limit) == (4, 1, 2)


async def test_list_past_the_end_is_an_empty_page_with_the_total(
    seeded: InMemory{{ unit.title }}UnitOfWork,
) -> None:
    query = List{{ unit.entity_class }}PageQuery(page=PageRequest(offset=10, limit=5))

    page = await List{{ unit.entity_class }}Page(seeded).execute(query)

    assert (list(page.items), page.total) == ([], 4)


async def test_list_filters_by_status(seeded: InMemory{{ unit.title }}UnitOfWork) -> None:
    query = List{{ unit.entity_class }}PageQuery(status={{ unit.entity_class }}Status.ACTIVE)

    page = await List{{ unit.entity_class }}Page(seeded).execute(query)

    assert ([item.name for item in page.items], page.total) == (["delta"], 1)


async def test_list_filters_by_part_of_the_name_in_any_case(
    seeded: InMemory{{ unit.title }}UnitOfWork,
) -> None:
    around_ha = List{{ unit.entity_class }}PageQuery(name_contains=" HA ")
    around_lt = List{{ unit.entity_class }}PageQuery(name_contains="lT")

    assert await names(seeded, around_ha) == ["alpha", "charlie"]
    assert await names(seeded, around_lt) == ["delta"]


async def test_list_combines_the_filters(seeded: InMemory{{ unit.title }}UnitOfWork) -> None:
    query = List{{ unit.entity_class }}PageQuery(
        status={{ unit.entity_class }}Status.DRAFT,
        name_contains="a",
    )

    assert await names(seeded, query) == ["alpha", "charlie"]


async def test_list_refuses_to_sort_by_an_unknown_field(
    seeded: InMemory{{ unit.title }}UnitOfWork,
) -> None:
    query = List{{ unit.entity_class }}PageQuery(sort=Sort("description", ASC))

    with pytest.raises(RuleViolationError, match="cannot sort by 'description'"):
        await List{{ unit.entity_class }}Page(seeded).execute(query)
