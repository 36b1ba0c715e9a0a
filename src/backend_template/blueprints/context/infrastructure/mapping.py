"""Translation between the {{ unit.entity_class }} aggregate and its row, in both directions."""

from datetime import UTC, datetime
from typing import Any

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


def to_entity(row: {{ unit.entity_class }}Row) -> {{ unit.entity_class }}:
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
