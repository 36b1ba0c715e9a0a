"""{{ unit.entity_class }} aggregates through Tortoise: versioned writes, unique names, sorted pages."""

import uuid
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, RawSQL
from tortoise.queryset import QuerySet

from {{ unit.application }}.ports import {{ unit.entity_class }}Filter
from {{ unit.domain }} import errors
from {{ unit.domain }}.model import {{ unit.entity_class }}
from {{ unit.infrastructure }} import mapping
from {{ unit.infrastructure }}.models import {{ unit.entity_class }}Row
from {{ unit.shared }}.filters import Bounds, Comparison
from {{ unit.shared }}.pagination import Page, PageRequest, Position, Sort, SortDirection

Row = {{ unit.entity_class }}Row

SORT_FIELDS = ("name", "created_at", "updated_at", "quantity")
# How many rows match a list's filters, on every row of its page: the page and its total in
# one statement. Not for a keyset page, whose rows start past its cursor.
MATCHES = RawSQL("COUNT(*) OVER ()")


def within(field: str, bounds: Bounds[int]) -> Q:
    """The bounds on ``field`` as Tortoise lookups (``quantity__gte``)."""
    lookups: dict[str, Any] = {
        field if comparison is Comparison.EQ else f"{field}__{comparison}": value
        for comparison, value in bounds.comparisons()
    }
    return Q(**lookups)


def past(field: str, position: Position, direction: SortDirection) -> Q:
    """The rows after ``position`` when ordered by ``field`` in ``direction``, then by id."""
    operator = "lt" if direction is SortDirection.DESC else "gt"
    beyond: dict[str, Any] = {f"{field}__{operator}": position.value}
    tied: dict[str, Any] = {field: position.value, "id__gt": position.id}
    return Q(**beyond) | Q(**tied)


class Sql{{ unit.entity_class }}Repository:
    def __init__(self, client: BaseDBAsyncClient) -> None:
        self._client = client

    def _rows(self) -> QuerySet[{{ unit.entity_class }}Row]:
        return Row.all().using_db(self._client)

    def _matching(self, filters: {{ unit.entity_class }}Filter) -> QuerySet[{{ unit.entity_class }}Row]:
        rows = self._rows()
        if filters.status is not None:
            rows = rows.filter(status=filters.status.value)
        if filters.statuses:
            rows = rows.filter(status__in=[status.value for status in filters.statuses])
        rows = rows.filter(within("quantity", filters.quantity))
        if filters.name_contains:
            # Tortoise escapes LIKE wildcards: "%" and "_" match themselves.
            rows = rows.filter(name__icontains=filters.name_contains)
        return rows

    async def add(self, entity: {{ unit.entity_class }}) -> None:
        try:
            await mapping.to_row(entity).save(using_db=self._client, force_create=True)
        except IntegrityError as error:
            # The aggregate guards every other constraint: a violation here is the unique
            # name, taken by a concurrent writer after the application checked it.
            raise errors.{{ unit.entity_class }}NameTakenError(entity.name) from error

    async def get(self, entity_id: uuid.UUID) -> {{ unit.entity_class }} | None:
        # None when no row matches, whatever Tortoise's annotation says.
        stored: tuple[Any, ...] | None = (
            await self._rows().filter(id=entity_id).first().values_list(*mapping.STORED_COLUMNS)
        )
        return None if stored is None else mapping.from_stored(stored)

    async def update(self, entity: {{ unit.entity_class }}, expected_version: int) -> None:
        try:
            changed = await (
                self._rows()
                .filter(id=entity.id, version=expected_version)
                .update(**mapping.changed_values(entity), version=expected_version + 1)
            )
        except IntegrityError as error:
            raise errors.{{ unit.entity_class }}NameTakenError(entity.name) from error
        if changed != 1:
            raise errors.Stale{{ unit.entity_class }}Error(entity.id, expected_version)
        entity.version = expected_version + 1

    async def delete(self, entity_id: uuid.UUID, expected_version: int) -> None:
        deleted = await self._rows().filter(id=entity_id, version=expected_version).delete()
        if deleted != 1:
            raise errors.Stale{{ unit.entity_class }}Error(entity_id, expected_version)

    async def exists_with_name(self, name: str) -> bool:
        return await self._rows().filter(name=name).exists()

    async def list(
        self,
        page: PageRequest,
        sort: Sort,
        filters: {{ unit.entity_class }}Filter,
    ) -> Page[{{ unit.entity_class }}]:
        matching = self._matching(filters)
        if sort.field not in SORT_FIELDS:
            msg = f"cannot sort by {sort.field!r}"
            raise ValueError(msg)
        order = f"-{sort.field}" if sort.direction is SortDirection.DESC else sort.field
        columns: tuple[str, ...] = mapping.STORED_COLUMNS
        total: int | None = None
        if page.after is None:
            paged = matching.annotate(matches=MATCHES)
            columns += ("matches",)
        else:
            # A keyset page starts past its cursor, so its rows cannot count the matches before.
            total = await matching.count()
            paged = matching.filter(past(sort.field, page.after, sort.direction))
        # The id breaks ties, so that pages do not overlap or skip rows.
        rows = (
            await paged.order_by(order, "id")
            .offset(page.offset)
            .limit(page.limit)
            .values_list(*columns)
        )
        if total is None and rows:
            total = int(rows[0][-1])
        elif total is None:
            # No row: either nothing matches, or the offset is past the last match.
            total = await matching.count() if page.offset else 0
        return Page(
            items=[mapping.from_stored(row) for row in rows],
            total=total,
            offset=page.offset,
            limit=page.limit,
        )
