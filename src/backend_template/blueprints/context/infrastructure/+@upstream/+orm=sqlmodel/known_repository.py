{%- set up = unit.upstream -%}
"""The known {{ up.entity_plural }} through SQLModel: first records, guarded replacements, pages."""

import uuid
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, func, select, update

from {{ unit.application }}.known import (
    Known{{ up.entity_class }},
    Known{{ up.entity_class }}ConflictError,
    Known{{ up.entity_class }}Status,
)
from {{ unit.infrastructure }}.known_models import Known{{ up.entity_class }}Row
from {{ unit.shared }}.pagination import Page, PageRequest
from {{ unit.tables }} import Session

Row = Known{{ up.entity_class }}Row


def to_row(known: Known{{ up.entity_class }}) -> Known{{ up.entity_class }}Row:
    return Row(id=known.id, **values(known))


def values(known: Known{{ up.entity_class }}) -> dict[str, Any]:
    """Every column but the id."""
    return {
        "name": known.name,
        "status": known.status.value,
        "quantity": known.quantity,
        "deleted": known.deleted,
        "last_event_at": known.last_event_at,
        "events_applied": known.events_applied,
    }


def to_known(row: Known{{ up.entity_class }}Row) -> Known{{ up.entity_class }}:
    return Known{{ up.entity_class }}(
        id=row.id,
        name=row.name,
        status=Known{{ up.entity_class }}Status(row.status),
        quantity=row.quantity,
        deleted=row.deleted,
        last_event_at=row.last_event_at,
        events_applied=row.events_applied,
    )


class SqlKnown{{ up.entity_class }}Repository:
    def __init__(self, session: Session) -> None:
        self._session = session

    async def get(self, entity_id: uuid.UUID) -> Known{{ up.entity_class }} | None:
        row = await self._session.get(Row, entity_id, populate_existing=True)
        return None if row is None else to_known(row)

    async def add(self, known: Known{{ up.entity_class }}) -> None:
        self._session.add(to_row(known))
        try:
            await self._session.flush()
        except IntegrityError as error:
            # The only constraint is the key: a concurrent delivery stored this id first.
            raise Known{{ up.entity_class }}ConflictError(known.id) from error

    async def replace(self, known: Known{{ up.entity_class }}, events_applied_before: int) -> None:
        statement = (
            update(Row)
            .where(col(Row.id) == known.id, col(Row.events_applied) == events_applied_before)
            .values(**values(known))
            .execution_options(synchronize_session=False)
        )
        result = await self._session.exec(statement)
        if result.rowcount != 1:
            raise Known{{ up.entity_class }}ConflictError(known.id)

    async def list(self, page: PageRequest) -> Page[Known{{ up.entity_class }}]:
        counted = await self._session.exec(select(func.count()).select_from(Row))
        # The id breaks ties, so that pages do not overlap or skip rows.
        statement = (
            select(Row).order_by(col(Row.name), col(Row.id)).offset(page.offset).limit(page.limit)
        )
        rows = (await self._session.exec(statement)).all()
        return Page(
            items=[to_known(row) for row in rows],
            total=counted.one(),
            offset=page.offset,
            limit=page.limit,
        )
