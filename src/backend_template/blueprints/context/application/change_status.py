"""Use case: move one {{ unit.entity_class }} forward in its life cycle (activate or archive it)."""

import uuid
from dataclasses import dataclass
from enum import StrEnum

from {{ unit.application }}.dto import {{ unit.entity_class }}Dto
from {{ unit.application }}.integration_events import (
    record_changes,
)
from {{ unit.application }}.lookup import load
from {{ unit.application }}.ports import (
    {{ unit.title }}UnitOfWork,
)
from {{ unit.shared }}.clock import Clock


class StatusChange(StrEnum):
    ACTIVATE = "activate"
    ARCHIVE = "archive"


@dataclass(frozen=True)
class Change{{ unit.entity_class }}StatusCommand:
    entity_id: uuid.UUID
    change: StatusChange
    expected_version: int | None = None


class Change{{ unit.entity_class }}Status:
    def __init__(
        self,
        uow: {{ unit.title }}UnitOfWork,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._clock = clock

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
                await repository.update(entity, loaded_version)
                await record_changes(uow.outbox, entity)
                await uow.commit()
        return {{ unit.entity_class }}Dto.of(entity)
