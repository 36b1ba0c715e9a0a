"""Use case: move one {{ unit.entity_class }} forward in its life cycle (activate or archive it)."""

import uuid
from dataclasses import dataclass
from enum import StrEnum

from {{ unit.application }}.dto import {{ unit.entity_class }}Dto
from {{ unit.application }}.lookup import (
    {{ unit.entity_class }}Change,
    load,
    store,
)


class StatusChange(StrEnum):
    ACTIVATE = "activate"
    ARCHIVE = "archive"


@dataclass(frozen=True)
class Change{{ unit.entity_class }}StatusCommand:
    entity_id: uuid.UUID
    change: StatusChange
    expected_version: int | None = None


class Change{{ unit.entity_class }}Status({{ unit.entity_class }}Change):
    async def execute(
        self,
        command: Change{{ unit.entity_class }}StatusCommand,
    ) -> {{ unit.entity_class }}Dto:
        async with self._uow as uow:
            repository = uow.{{ unit.entity_plural }}
            entity = await load(repository, command.entity_id, command.expected_version)
            loaded_version = entity.version
            if command.change is StatusChange.ACTIVATE:
                entity.activate(self._clock.now())
            else:
                entity.archive(self._clock.now())
            if entity.events:
                await store(uow, entity, loaded_version)
        return {{ unit.entity_class }}Dto.of(entity)
