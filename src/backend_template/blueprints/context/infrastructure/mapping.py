"""Translation between the {{ unit.entity_class }} aggregate and its row, in both directions."""

import uuid
from datetime import UTC, datetime
from typing import Any, Protocol

from {{ unit.domain }}.model import (
    {{ unit.entity_class }},
    {{ unit.entity_class }}Status,
)
from {{ unit.infrastructure }}.models import {{ unit.entity_class }}Row


def as_utc(moment: datetime) -> datetime:
    """Timezone-aware UTC; a naive value was stored as UTC, so it is labelled UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def changed_values(entity: {{ unit.entity_class }}) -> dict[str, Any]:
    """The columns a change to the aggregate can touch (id, created_at and version aside)."""
    return {
        "name": entity.name,
        "description": entity.description,
        "quantity": entity.quantity,
        "status": entity.status.value,
        "updated_at": as_utc(entity.updated_at),
    }


def to_row(entity: {{ unit.entity_class }}) -> {{ unit.entity_class }}Row:
    return {{ unit.entity_class }}Row(
        id=entity.id,
        created_at=as_utc(entity.created_at),
        version=entity.version,
        **changed_values(entity),
    )


class StoredValues(Protocol):
    """What an aggregate is read from: its row, or the values of the row's columns."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def quantity(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def updated_at(self) -> datetime: ...
    @property
    def version(self) -> int: ...


def to_entity(row: StoredValues) -> {{ unit.entity_class }}:
    return {{ unit.entity_class }}(
        id=row.id,
        name=row.name,
        description=row.description,
        quantity=row.quantity,
        status={{ unit.entity_class }}Status(row.status),
        created_at=as_utc(row.created_at),
        updated_at=as_utc(row.updated_at),
        version=row.version,
    )
