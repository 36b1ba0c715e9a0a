"""Use case: remove one {{ unit.entity_class }} for good, optionally guarded by its version."""

import uuid
from dataclasses import dataclass

from {{ unit.application }}.lookup import (
    {{ unit.entity_class }}Change,
    commit_with_events,
    load,
)


@dataclass(frozen=True)
class Delete{{ unit.entity_class }}Command:
    entity_id: uuid.UUID
    expected_version: int | None = None


class Delete{{ unit.entity_class }}({{ unit.entity_class }}Change):
    async def execute(self, command: Delete{{ unit.entity_class }}Command) -> None:
        async with self._uow as uow:
            repository = uow.{{ unit.entity_plural }}
            entity = await load(repository, command.entity_id, command.expected_version)
            entity.delete(self._clock.now())
            await repository.delete(entity.id, entity.version)
            await commit_with_events(uow, entity)
