"""What the {{ unit.name }} use cases hand back: plain, immutable data, no behaviour."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Self

from {{ unit.domain }}.model import (
    {{ unit.entity_class }},
    {{ unit.entity_class }}Status,
)


@dataclass(frozen=True)
class {{ unit.entity_class }}Dto:
    id: uuid.UUID
    name: str
    description: str
    quantity: int
    status: {{ unit.entity_class }}Status
    created_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def of(cls, entity: {{ unit.entity_class }}) -> Self:
        return cls(
            id=entity.id,
            name=entity.name,
            description=entity.description,
            quantity=entity.quantity,
            status=entity.status,
            created_at=entity.created_at,
            updated_at=entity.updated_at,
            version=entity.version,
        )
