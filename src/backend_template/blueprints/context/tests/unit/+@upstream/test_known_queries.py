{%- set up = unit.upstream -%}
"""Reading the known {{ up.entity_plural }}: one by id, or a page by name, tombstones included."""

import uuid
from datetime import UTC, datetime

import pytest

from {{ unit.application }} import upstream_events
from {{ unit.application }}.get_known import (
    GetKnown{{ up.entity_class }},
    GetKnown{{ up.entity_class }}Query,
)
from {{ unit.application }}.list_known import (
    ListKnown{{ up.entity_class }}Page,
    ListKnown{{ up.entity_class }}PageQuery,
)
from {{ unit.application }}.known import (
    Known{{ up.entity_class }},
    Known{{ up.entity_class }}Status,
)
from {{ unit.shared }}.errors import NotFoundError
from {{ unit.shared }}.pagination import PageRequest

# isort: split
from tests.fakes.{{ unit.name }}.known import InMemoryKnown{{ up.entity_class }}UnitOfWork

AT = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)


def known(number: int, name: str, *, deleted: bool = False) -> Known{{ up.entity_class }}:
    return Known{{ up.entity_class }}(
        id=uuid.UUID(int=number),
        name=name,
        status=Known{{ up.entity_class }}Status.ACTIVE,
        quantity=number,
        deleted=deleted,
        last_event_at=AT,
        events_applied=1,
    )


async def test_one_is_read_by_its_id() -> None:
    records = InMemoryKnown{{ up.entity_class }}UnitOfWork()
    stored = known(1, "Alpha", deleted=True)
    records.seed(stored, known(2, "Beta"))

    found = await GetKnown{{ up.entity_class }}(records).execute(
        GetKnown{{ up.entity_class }}Query(stored.id),
    )

    assert found == stored


async def test_an_id_no_event_reached_is_not_found() -> None:
    missing = uuid.UUID(int=3)

    with pytest.raises(NotFoundError) as caught:
        await GetKnown{{ up.entity_class }}(InMemoryKnown{{ up.entity_class }}UnitOfWork()).execute(
            GetKnown{{ up.entity_class }}Query(missing),
        )

    assert (caught.value.code, caught.value.details) == ("not_found", {"id": str(missing)})


async def test_a_page_is_sorted_by_name_then_id_and_counts_every_record() -> None:
    records = InMemoryKnown{{ up.entity_class }}UnitOfWork()
    records.seed(known(4, "Charlie"), known(3, "Alpha", deleted=True), known(1, "Beta"))
    records.seed(known(2, "Beta"))

    page = await ListKnown{{ up.entity_class }}Page(records).execute(
        ListKnown{{ up.entity_class }}PageQuery(PageRequest(offset=1, limit=2)),
    )

    assert [(item.name, item.id.int) for item in page.items] == [("Beta", 1), ("Beta", 2)]
    assert (page.total, page.offset, page.limit) == (4, 1, 2)


def test_the_followed_events_are_the_{{ up.name }}_contract_names() -> None:
    assert upstream_events.NAMES == (
        "{{ up.name }}.{{ up.entity }}.created",
        "{{ up.name }}.{{ up.entity }}.updated",
        "{{ up.name }}.{{ up.entity }}.activated",
        "{{ up.name }}.{{ up.entity }}.archived",
        "{{ up.name }}.{{ up.entity }}.quantity_adjusted",
        "{{ up.name }}.{{ up.entity }}.deleted",
    )
