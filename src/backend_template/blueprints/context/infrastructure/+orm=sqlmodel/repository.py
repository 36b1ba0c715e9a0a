"""{{ unit.entity_class }} aggregates through SQLModel: versioned writes, unique names, sorted pages."""

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy
from sqlalchemy import ColumnElement, bindparam
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped
from sqlmodel import col, delete, func, select, update

from {{ unit.application }}.ports import {{ unit.entity_class }}Filter
from {{ unit.domain }} import errors
from {{ unit.domain }}.model import {{ unit.entity_class }}
from {{ unit.infrastructure }} import mapping
from {{ unit.infrastructure }}.models import (
{%- for name in ["Session", unit.entity_class ~ "Row"] | sort %}
    {{ name }},
{%- endfor %}
)
from {{ unit.database }} import Statements, writing
from {{ unit.package }}.infrastructure.query_conditions import (
    MATCHES,
    matches_on_page,
    past,
    within,
)
from {{ unit.shared }}.pagination import Page, PageRequest, Sort, SortDirection

Row = {{ unit.entity_class }}Row

# An aggregate is read as its columns' values, mapped straight to the aggregate: no model
# instance, identity map entry or change tracking is built for a row that is only read. The
# statement runs on a connection (the session's, when there is one), past the ORM's handling.
STORED = sqlalchemy.select(*(col(getattr(Row, column)) for column in mapping.STORED_COLUMNS))
# Built once, so every read reuses the statement and its cache key: only the id is bound.
STORED_BY_ID = STORED.where(col(Row.id) == bindparam("entity_id"))

SORT_COLUMNS: Mapping[str, Mapped[Any]] = {
    "name": col(Row.name),
    "created_at": col(Row.created_at),
    "updated_at": col(Row.updated_at),
    "quantity": col(Row.quantity),
}


def conditions(filters: {{ unit.entity_class }}Filter) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if filters.status is not None:
        found.append(col(Row.status) == filters.status.value)
    if filters.statuses:
        found.append(col(Row.status).in_([status.value for status in filters.statuses]))
    if filters.name_contains:
        found.append(col(Row.name).icontains(filters.name_contains, autoescape=True))
    found.extend(within(col(Row.quantity), filters.quantity))
    return found


class Sql{{ unit.entity_class }}Repository:
    def __init__(self, statements: Statements) -> None:
        # A session, or for a unit of work that only reads, a connection.
        self._statements = statements

    async def _reads(self) -> Statements:
        """Where reads run: the session's connection, or the connection of work that only reads."""
        if isinstance(self._statements, Session):
            return await self._statements.connection()
        return self._statements

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
        found = await (await self._reads()).execute(STORED_BY_ID, {"entity_id": entity_id})
        row = found.one_or_none()
        return None if row is None else mapping.from_stored(row)

    async def update(self, entity: {{ unit.entity_class }}, expected_version: int) -> None:
        statement = (
            update(Row)
            .where(col(Row.id) == entity.id, col(Row.version) == expected_version)
            .values(**mapping.changed_values(entity), version=expected_version + 1)
            .execution_options(synchronize_session=False)
        )
        try:
            result = await writing(self._statements).exec(statement)
        except IntegrityError as error:
            raise errors.{{ unit.entity_class }}NameTakenError(entity.name) from error
        if result.rowcount != 1:
            raise errors.Stale{{ unit.entity_class }}Error(entity.id, expected_version)
        entity.version = expected_version + 1

    async def delete(self, entity_id: uuid.UUID, expected_version: int) -> None:
        statement = (
            delete(Row)
            .where(col(Row.id) == entity_id, col(Row.version) == expected_version)
            .execution_options(synchronize_session=False)
        )
        result = await writing(self._statements).exec(statement)
        if result.rowcount != 1:
            raise errors.Stale{{ unit.entity_class }}Error(entity_id, expected_version)

    async def exists_with_name(self, name: str) -> bool:
        named = select(Row.id).where(col(Row.name) == name).limit(1)
        found = await writing(self._statements).exec(named)
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
            where.append(past(column, col(Row.id), page.after, sort.direction))
        # The id breaks ties, so that pages do not overlap or skip rows.
        statement = (
            counted.where(*where).order_by(order, col(Row.id)).offset(page.offset).limit(page.limit)
        )
        rows = (await (await self._reads()).execute(statement)).all()
        if total is None:
            total = await matches_on_page(rows, page.offset, lambda: self._count(where))
        return Page(
            items=[mapping.from_stored(row) for row in rows],
            total=total,
            offset=page.offset,
            limit=page.limit,
        )

    async def _count(self, where: Sequence[ColumnElement[bool]]) -> int:
        counting = sqlalchemy.select(func.count()).select_from(Row).where(*where)
        return int((await (await self._reads()).execute(counting)).scalar_one())
