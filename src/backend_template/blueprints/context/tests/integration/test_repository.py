"""The {{ unit.entity_class }} repository on the real database: the same rules as the fake."""

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from {{ unit.application }}.ports import (
{%- for name in [unit.entity_class ~ "Filter", unit.title ~ "UnitOfWork"] | sort %}
    {{ name }},
{%- endfor %}
)
from {{ unit.domain }} import errors
from {{ unit.domain }}.model import (
    {{ unit.entity_class }},
    {{ unit.entity_class }}Status,
)
from {{ unit.infrastructure }}.unit_of_work import (
    Database,
    unit_of_work_factory,
)
from {{ unit.shared }}.pagination import PageRequest, Position, Sort, SortDirection

# isort: split
from tests.fakes.{{ unit.name }}.builders import CREATED_AT, build_{{ unit.entity }}

ASC, DESC = SortDirection.ASC, SortDirection.DESC
EVERYTHING = {{ unit.entity_class }}Filter()


@pytest.fixture
def uow(
    database: Database,
) -> {{ unit.title }}UnitOfWork:
    return unit_of_work_factory(database)()


async def store(
    uow: {{ unit.title }}UnitOfWork,
    *entities: {{ unit.entity_class }},
) -> None:
    async with uow:
        for entity in entities:
            await uow.{{ unit.entity_plural }}.add(entity)
        await uow.commit()


async def load(
    uow: {{ unit.title }}UnitOfWork,
    entity_id: uuid.UUID,
) -> {{ unit.entity_class }}:
    async with uow:
        found = await uow.{{ unit.entity_plural }}.get(entity_id)
    assert found is not None
    return found


async def test_an_added_aggregate_reads_back_field_for_field(
    uow: {{ unit.title }}UnitOfWork,
) -> None:
    entity = build_{{ unit.entity }}(
        "Alpha",
        description="x" * 2000,
        quantity=2_147_483_647,
        status={{ unit.entity_class }}Status.ACTIVE,
    )
    await store(uow, entity)

    found = await load(uow, entity.id)

    assert (found.id, found.name, found.description) == (entity.id, "Alpha", "x" * 2000)
    assert (found.quantity, found.status, found.version) == (2_147_483_647, entity.status, 1)
    assert (found.created_at, found.updated_at) == (entity.created_at, entity.updated_at)
    assert found.created_at.tzinfo is not None
    assert found.events == []


async def test_timestamps_come_back_in_utc_whatever_zone_they_were_given_in(
    uow: {{ unit.title }}UnitOfWork,
) -> None:
    in_paris = datetime(2024, 7, 1, 14, 0, tzinfo=timezone(timedelta(hours=2)))
    entity = build_{{ unit.entity }}(at=in_paris)
    await store(uow, entity)

    found = await load(uow, entity.id)

    assert found.created_at == datetime(2024, 7, 1, 12, 0, tzinfo=UTC)
    assert found.created_at.utcoffset() == timedelta(0)


async def test_get_of_an_unknown_id_is_none(uow: {{ unit.title }}UnitOfWork) -> None:
    async with uow:
        assert await uow.{{ unit.entity_plural }}.get(uuid.uuid4()) is None


async def test_work_that_is_not_committed_is_rolled_back(
    uow: {{ unit.title }}UnitOfWork,
) -> None:
    entity = build_{{ unit.entity }}("Alpha")

    async with uow:
        await uow.{{ unit.entity_plural }}.add(entity)

    async with uow:
        assert await uow.{{ unit.entity_plural }}.get(entity.id) is None


async def test_the_database_refuses_a_second_aggregate_with_the_same_name(
    uow: {{ unit.title }}UnitOfWork,
) -> None:
    await store(uow, build_{{ unit.entity }}("Alpha"))

    with pytest.raises(errors.{{ unit.entity_class }}NameTakenError):
        await store(uow, build_{{ unit.entity }}("Alpha"))

    async with uow:
        assert await uow.{{ unit.entity_plural }}.exists_with_name("Alpha")
        assert not await uow.{{ unit.entity_plural }}.exists_with_name("alpha")


async def test_names_that_differ_only_in_case_are_different_names(
    uow: {{ unit.title }}UnitOfWork,
) -> None:
    # MySQL/MariaDB compare case-insensitively by default: the column's collation must not.
    await store(
        uow,
        build_{{ unit.entity }}("Alpha"),
        build_{{ unit.entity }}("alpha"),
    )

    async with uow:
        page = await uow.{{ unit.entity_plural }}.list(
            PageRequest(),
            Sort("name", ASC),
            EVERYTHING,
        )

    assert sorted(entity.name for entity in page.items) == ["Alpha", "alpha"]


async def test_timestamps_keep_their_microseconds(
    uow: {{ unit.title }}UnitOfWork,
) -> None:
    precise = CREATED_AT.replace(microsecond=123_456)
    entity = build_{{ unit.entity }}(at=precise)
    await store(uow, entity)

    found = await load(uow, entity.id)

    assert (found.created_at, found.updated_at) == (precise, precise)


async def test_update_with_the_stored_version_saves_and_advances_it(
    uow: {{ unit.title }}UnitOfWork,
) -> None:
    entity = build_{{ unit.entity }}("Alpha", quantity=1)
    await store(uow, entity)
    later = CREATED_AT + timedelta(hours=1)

    async with uow:
        loaded = await uow.{{ unit.entity_plural }}.get(entity.id)
        assert loaded is not None
        loaded.revise("Beta", "changed", later)
        loaded.adjust_quantity(4, later)
        await uow.{{ unit.entity_plural }}.update(loaded, expected_version=1)
        await uow.commit()

    found = await load(uow, entity.id)
    assert (found.name, found.description, found.quantity) == ("Beta", "changed", 5)
    assert (found.version, found.updated_at, found.created_at) == (2, later, CREATED_AT)
    assert loaded.version == 2


async def test_update_with_an_old_version_is_refused_and_changes_nothing(
    uow: {{ unit.title }}UnitOfWork,
) -> None:
    entity = build_{{ unit.entity }}("Alpha")
    await store(uow, entity)
    entity.revise("Beta", None, CREATED_AT)

    async with uow:
        with pytest.raises(errors.Stale{{ unit.entity_class }}Error):
            await uow.{{ unit.entity_plural }}.update(entity, expected_version=2)

    found = await load(uow, entity.id)
    assert (found.name, found.version) == ("Alpha", 1)


async def test_update_to_a_name_taken_meanwhile_is_a_conflict(
    uow: {{ unit.title }}UnitOfWork,
) -> None:
    first, second = build_{{ unit.entity }}("Alpha"), build_{{ unit.entity }}("Beta")
    await store(uow, first, second)
    second.revise("Alpha", None, CREATED_AT)

    async with uow:
        with pytest.raises(errors.{{ unit.entity_class }}NameTakenError):
            await uow.{{ unit.entity_plural }}.update(second, expected_version=1)

    assert (await load(uow, second.id)).name == "Beta"


async def test_delete_with_the_stored_version_removes_the_row(
    uow: {{ unit.title }}UnitOfWork,
) -> None:
    entity, other = build_{{ unit.entity }}("Alpha"), build_{{ unit.entity }}("Beta")
    await store(uow, entity, other)

    async with uow:
        await uow.{{ unit.entity_plural }}.delete(entity.id, expected_version=1)
        await uow.commit()

    async with uow:
        assert await uow.{{ unit.entity_plural }}.get(entity.id) is None
        assert await uow.{{ unit.entity_plural }}.get(other.id) is not None


async def test_delete_with_an_old_version_is_refused(
    uow: {{ unit.title }}UnitOfWork,
) -> None:
    entity = build_{{ unit.entity }}("Alpha")
    await store(uow, entity)

    async with uow:
        with pytest.raises(errors.Stale{{ unit.entity_class }}Error):
            await uow.{{ unit.entity_plural }}.delete(entity.id, expected_version=7)

    assert (await load(uow, entity.id)).name == "Alpha"


@pytest.fixture
async def four(
    uow: {{ unit.title }}UnitOfWork,
) -> {{ unit.title }}UnitOfWork:
    """The same four aggregates as the fake's listing tests, plus names that look like wildcards."""
    await store(
        uow,
        build_{{ unit.entity }}("charlie", quantity=1, at=CREATED_AT),
        build_{{ unit.entity }}("alpha", quantity=3, at=CREATED_AT + timedelta(days=1)),
        build_{{ unit.entity }}(
            "delta",
            quantity=2,
            at=CREATED_AT + timedelta(days=2),
            status={{ unit.entity_class }}Status.ACTIVE,
        ),
        build_{{ unit.entity }}(
            "bravo 100%_off",
            quantity=4,
            at=CREATED_AT + timedelta(days=3),
            status={{ unit.entity_class }}Status.ARCHIVED,
        ),
    )
    return uow


async def names(
    uow: {{ unit.title }}UnitOfWork,
    sort: Sort,
    filters: {{ unit.entity_class }}Filter = EVERYTHING,
    page: PageRequest | None = None,
) -> list[str]:
    async with uow:
        found = await uow.{{ unit.entity_plural }}.list(page or PageRequest(), sort, filters)
    return [entity.name for entity in found.items]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (Sort("name", ASC), ["alpha", "bravo 100%_off", "charlie", "delta"]),
        (Sort("name", DESC), ["delta", "charlie", "bravo 100%_off", "alpha"]),
        (Sort("quantity", ASC), ["charlie", "delta", "alpha", "bravo 100%_off"]),
        (Sort("quantity", DESC), ["bravo 100%_off", "alpha", "delta", "charlie"]),
        (Sort("created_at", DESC), ["bravo 100%_off", "delta", "alpha", "charlie"]),
        (Sort("updated_at", ASC), ["charlie", "alpha", "delta", "bravo 100%_off"]),
    ],
)
async def test_list_sorts_in_the_database(
    four: {{ unit.title }}UnitOfWork,
    sort: Sort,
    expected: list[str],
) -> None:
    assert await names(four, sort) == expected


async def test_list_pages_and_counts_every_match(
    four: {{ unit.title }}UnitOfWork,
) -> None:
    async with four:
        page = await four.{{ unit.entity_plural }}.list(
            PageRequest(offset=1, limit=2),
            Sort("quantity", ASC),
            EVERYTHING,
        )

    assert [entity.name for entity in page.items] == ["delta", "alpha"]
    assert (page.total, page.offset, page.limit) == (4, 1, 2)


async def test_a_page_past_the_last_match_still_counts_every_match(
    four: {{ unit.title }}UnitOfWork,
) -> None:
    async with four:
        page = await four.{{ unit.entity_plural }}.list(
            PageRequest(offset=10, limit=2),
            Sort("quantity", ASC),
            EVERYTHING,
        )

    assert (list(page.items), page.total, page.offset) == ([], 4, 10)


async def test_a_page_after_a_position_counts_the_matches_before_it_too(
    four: {{ unit.title }}UnitOfWork,
) -> None:
    async with four:
        first = await four.{{ unit.entity_plural }}.list(
            PageRequest(limit=1),
            Sort("quantity", ASC),
            EVERYTHING,
        )
        lowest = first.items[0]
        page = await four.{{ unit.entity_plural }}.list(
            PageRequest(limit=2, after=Position(lowest.quantity, lowest.id)),
            Sort("quantity", ASC),
            EVERYTHING,
        )

    assert [entity.name for entity in page.items] == ["delta", "alpha"]
    assert page.total == 4


async def test_list_filters_by_status_and_counts_only_matches(
    four: {{ unit.title }}UnitOfWork,
) -> None:
    archived = {{ unit.entity_class }}Filter(status={{ unit.entity_class }}Status.ARCHIVED)

    async with four:
        page = await four.{{ unit.entity_plural }}.list(PageRequest(), Sort("name", ASC), archived)

    assert ([entity.name for entity in page.items], page.total) == (["bravo 100%_off"], 1)


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        ("HA", ["alpha", "charlie"]),
        ("%", ["bravo 100%_off"]),
        ("_", ["bravo 100%_off"]),
        ("0%_O", ["bravo 100%_off"]),
        ("zulu", []),
    ],
)
async def test_list_filters_by_part_of_the_name_literally_in_any_case(
    four: {{ unit.title }}UnitOfWork,
    part: str,
    expected: list[str],
) -> None:
    filters = {{ unit.entity_class }}Filter(name_contains=part)

    assert await names(four, Sort("name", ASC), filters) == expected
