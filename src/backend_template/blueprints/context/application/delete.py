"""Use case: remove one {{ unit.entity_class }} for good, optionally guarded by its version."""

import uuid
from dataclasses import dataclass

from {{ unit.application }}.integration_events import (
    record_changes,
)
from {{ unit.application }}.lookup import load
from {{ unit.application }}.ports import (
    {{ unit.title }}UnitOfWork,
)
from {{ unit.shared }}.clock import Clock


@dataclass(frozen=True)
class Delete{{ unit.entity_class }}Command:
    entity_id: uuid.UUID
    expected_version: int | None = None


class Delete{{ unit.entity_class }}:
    def __init__(
        self,
        uow: {{ unit.title }}UnitOfWork,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._clock = clock

    async def execute(self, command: Delete{{ unit.entity_class }}Command) -> None:
        async with self._uow as uow:
            repository = uow.{{ unit.entity_plural }}
            entity = await load(repository, command.entity_id, command.expected_version)
            entity.delete(self._clock.now())
            await repository.delete(entity.id, entity.version)
            await record_changes(uow.outbox, entity)
            await uow.commit()
