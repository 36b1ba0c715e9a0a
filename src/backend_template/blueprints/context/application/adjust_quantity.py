"""Use case: change the quantity of one {{ unit.entity_class }}; it may not go below zero."""

import uuid
from dataclasses import dataclass

from {{ unit.application }}.dto import {{ unit.entity_class }}Dto
from {{ unit.application }}.lookup import (
    {{ unit.entity_class }}Change,
)


@dataclass(frozen=True)
class Adjust{{ unit.entity_class }}QuantityCommand:
    entity_id: uuid.UUID
    delta: int
    expected_version: int | None = None


class Adjust{{ unit.entity_class }}Quantity({{ unit.entity_class }}Change):
    async def execute(
        self,
        command: Adjust{{ unit.entity_class }}QuantityCommand,
    ) -> {{ unit.entity_class }}Dto:
        return await self._change(
            command.entity_id,
            command.expected_version,
            lambda entity, now: entity.adjust_quantity(command.delta, now),
        )
