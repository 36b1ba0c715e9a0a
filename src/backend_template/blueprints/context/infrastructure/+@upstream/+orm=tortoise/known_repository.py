{%- set up = unit.upstream -%}
"""The known {{ up.entity_plural }} through Tortoise: first records, guarded replacements, pages."""

import uuid
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet

from {{ unit.application }}.known import (
    Known{{ up.entity_class }},
    Known{{ up.entity_class }}ConflictError,
    Known{{ up.entity_class }}Status,
)
from {{ unit.infrastructure }}.models import Known{{ up.entity_class }}Row
from {{ unit.shared }}.pagination import Page, PageRequest

Row = Known{{ up.entity_class }}Row


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
    def __init__(self, client: BaseDBAsyncClient) -> None:
        self._client = client

    def _rows(self) -> QuerySet[Known{{ up.entity_class }}Row]:
        return Row.all().using_db(self._client)

    async def get(self, entity_id: uuid.UUID) -> Known{{ up.entity_class }} | None:
        row = await self._rows().filter(id=entity_id).first()
        return None if row is None else to_known(row)

    async def add(self, known: Known{{ up.entity_class }}) -> None:
        try:
            await Row(id=known.id, **values(known)).save(using_db=self._client, force_create=True)
        except IntegrityError as error:
            # The only constraint is the key: a concurrent delivery stored this id first.
            raise Known{{ up.entity_class }}ConflictError(known.id) from error

    async def replace(self, known: Known{{ up.entity_class }}, events_applied_before: int) -> None:
        changed = await (
            self._rows()
            .filter(id=known.id, events_applied=events_applied_before)
            .update(**values(known))
        )
        if changed != 1:
            raise Known{{ up.entity_class }}ConflictError(known.id)

    async def list(self, page: PageRequest) -> Page[Known{{ up.entity_class }}]:
        total = await self._rows().count()
        # The id breaks ties, so that pages do not overlap or skip rows.
        rows = await self._rows().order_by("name", "id").offset(page.offset).limit(page.limit)
        return Page(
            items=[to_known(row) for row in rows],
            total=total,
            offset=page.offset,
            limit=page.limit,
        )
