"""Ready-made {{ unit.entity_class }} aggregates for tests, in any status, with no pending events."""

from datetime import UTC, datetime

from {{ unit.domain }}.model import (
    {{ unit.entity_class }},
    {{ unit.entity_class }}Status,
)
from {{ unit.shared }}.ids import new_id

CREATED_AT = datetime(2024, 4, 1, 8, 0, tzinfo=UTC)


def build_{{ unit.entity }}(
    name: str = "Alpha",
    *,
    description: str = "",
    quantity: int = 0,
    status: {{ unit.entity_class }}Status = {{ unit.entity_class }}Status.DRAFT,
    at: datetime = CREATED_AT,
) -> {{ unit.entity_class }}:
    entity = {{ unit.entity_class }}.create(new_id(), name, description, quantity, at)
    if status is {{ unit.entity_class }}Status.ACTIVE:
        entity.activate(at)
    elif status is {{ unit.entity_class }}Status.ARCHIVED:
        entity.archive(at)
    entity.events.clear()
    return entity
