"""{{ unit.entity_class }} aggregates in SQL: versioned writes, unique names, filtered sorted pages."""

import uuid
from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import ColumnElement, bindparam, delete, func, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute

from {{ unit.application }}.ports import {{ unit.entity_class }}Filter
from {{ unit.domain }} import errors
from {{ unit.domain }}.model import {{ unit.entity_class }}
from {{ unit.infrastructure }} import mapping
from {{ unit.infrastructure }}.models import {{ unit.entity_class }}Row
from {{ unit.database }} import Statements, writing
from {{ unit.package }}.infrastructure.query_conditions import (
    MATCHES,
    matches_on_page,
    past,
    within,
)
from {{ unit.shared }}.pagination import Page, PageRequest, Sort, SortDirection

Row = {{ unit.entity_class }}Row

# An aggregate is read as its columns' values, mapped straight to the aggregate: no ORM object,
# identity map entry or change tracking is built for a row that is only read.
STORED = select(*(getattr(Row, column) for column in mapping.STORED_COLUMNS))
# Built once, so every read reuses the statement and its cache key: only the id is bound.
STORED_BY_ID = STORED.where(Row.id == bindparam("entity_id"))

SORT_COLUMNS: Mapping[str, InstrumentedAttribute[Any]] = {
    "name": Row.name,
    "created_at": Row.created_at,
    "updated_at": Row.updated_at,
    "quantity": Row.quantity,
}


def conditions(filters: {{ unit.entity_class }}Filter) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if filters.status is not None:
        found.append(Row.status == filters.status.value)
    if filters.statuses:
        found.append(Row.status.in_([status.value for status in filters.statuses]))
    if filters.name_contains:
        found.append(Row.name.icontains(filters.name_contains, autoescape=True))
    found.extend(within(Row.quantity, filters.quantity))
    return found


class Sql{{ unit.entity_class }}Repository:
    def __init__(self, statements: Statements) -> None:
        # A session, or for a unit of work that only reads, a connection: reads run on either.
        self._statements = statements

    async def add(self, entity: {{ unit.entity_class }}) -> None:
        session = writing(self._statements)
        session.add(mapping.to_row(entity))
        try:
            await session.flush()
        except IntegrityError as error:
            # The aggregate guards every other constraint: a violation here is the unique
            # name, taken by a concurrent writer after the application checked it.
            raise errors.{{ unit.entity_class }}NameTakenError(entity.name) from error

    async def get(self, entity_id: uuid.UUID) -> {{ unit.entity_class }} | None:
        found = await self._statements.execute(STORED_BY_ID, {"entity_id": entity_id})
        row = found.one_or_none()
        return None if row is None else mapping.from_stored(row)

    async def update(self, entity: {{ unit.entity_class }}, expected_version: int) -> None:
        statement = (
            update(Row)
            .where(Row.id == entity.id, Row.version == expected_version)
            .values(**mapping.changed_values(entity), version=expected_version + 1)
            .execution_options(synchronize_session=False)
        )
        try:
            session = writing(self._statements)
            result = cast("CursorResult[Any]", await session.execute(statement))
        except IntegrityError as error:
            raise errors.{{ unit.entity_class }}NameTakenError(entity.name) from error
        if result.rowcount != 1:
            raise errors.Stale{{ unit.entity_class }}Error(entity.id, expected_version)
        entity.version = expected_version + 1

    async def delete(self, entity_id: uuid.UUID, expected_version: int) -> None:
        statement = (
            delete(Row)
            .where(Row.id == entity_id, Row.version == expected_version)
            .execution_options(synchronize_session=False)
        )
        session = writing(self._statements)
        result = cast("CursorResult[Any]", await session.execute(statement))
        if result.rowcount != 1:
            raise errors.Stale{{ unit.entity_class }}Error(entity_id, expected_version)

    async def exists_with_name(self, name: str) -> bool:
        found = await self._statements.execute(select(Row.id).where(Row.name == name).limit(1))
        return found.first() is not None

    async def list(
        self,
        page: PageRequest,
        sort: Sort,
        filters: {{ unit.entity_class }}Filter,
    ) -> Page[{{ unit.entity_class }}]:
        where = conditions(filters)
        column = SORT_COLUMNS[sort.field]
        order = column.desc() if sort.direction is SortDirection.DESC else column.asc()
        if page.after is None:
            counted = STORED.add_columns(MATCHES)
            total = None
        else:
            # A keyset page starts past its cursor, so its rows cannot count the matches before.
            counted = STORED
            total = await self._count(where)
            where.append(past(column, Row.id, page.after, sort.direction))
        # The id breaks ties, so that pages do not overlap or skip rows.
        statement = (
            counted.where(*where).order_by(order, Row.id).offset(page.offset).limit(page.limit)
        )
        rows = (await self._statements.execute(statement)).all()
        if total is None:
            total = await matches_on_page(rows, page.offset, lambda: self._count(where))
        return Page(
            items=[mapping.from_stored(row) for row in rows],
            total=total,
            offset=page.offset,
            limit=page.limit,
        )

    async def _count(self, where: Sequence[ColumnElement[bool]]) -> int:
        found = await self._statements.execute(select(func.count()).select_from(Row).where(*where))
        return int(found.scalar_one())
