"""Use case: change the quantity of one {{ unit.entity_class }}; it may not go below zero."""

import uuid
from dataclasses import dataclass

from {{ unit.application }}.dto import {{ unit.entity_class }}Dto
from {{ unit.application }}.lookup import (
    {{ unit.entity_class }}Change,
    load,
    store,
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
        async with self._uow as uow:
            repository = uow.{{ unit.entity_plural }}
            entity = await load(repository, command.entity_id, command.expected_version)
            loaded_version = entity.version
            entity.adjust_quantity(command.delta, self._clock.now())
            await store(uow, entity, loaded_version)
        return {{ unit.entity_class }}Dto.of(entity)
