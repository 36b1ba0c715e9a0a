"""Translation between the {{ unit.entity_class }} aggregate and its row, in both directions."""

from collections.abc import Sequence
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


# The columns an aggregate is stored in, in the order ``from_stored`` reads them. Reads select
# exactly these (columns of their own may follow), so a row arrives as a plain tuple and no
# value is looked up by name.
STORED_COLUMNS = (
    "id",
    "name",
    "description",
    "quantity",
    "status",
    "created_at",
    "updated_at",
    "version",
)


def from_stored(values: Sequence[Any]) -> {{ unit.entity_class }}:
    """The aggregate from the values of ``STORED_COLUMNS``, in that order."""
    entity_id, name, description, quantity, status, created_at, updated_at, version, *_ = values
    return {{ unit.entity_class }}(
        id=entity_id,
        name=name,
        description=description,
        quantity=quantity,
        status={{ unit.entity_class }}Status(status),
        created_at=as_utc(created_at),
        updated_at=as_utc(updated_at),
        version=version,
    )
