"""Use case: rename and/or redescribe one {{ unit.entity_class }}, guarded by its version."""

import uuid
from dataclasses import dataclass

from {{ unit.application }}.dto import {{ unit.entity_class }}Dto
from {{ unit.application }}.lookup import (
    {{ unit.entity_class }}Change,
    load,
    store,
)
from {{ unit.domain }} import errors


@dataclass(frozen=True)
class Update{{ unit.entity_class }}Command:
    """None keeps a field as it is: a full update sets both, a partial one either."""

    entity_id: uuid.UUID
    name: str | None = None
    description: str | None = None
    # The version the caller last saw; None skips the check against what they saw.
    expected_version: int | None = None


class Update{{ unit.entity_class }}({{ unit.entity_class }}Change):
    async def execute(self, command: Update{{ unit.entity_class }}Command) -> {{ unit.entity_class }}Dto:
        async with self._uow as uow:
            repository = uow.{{ unit.entity_plural }}
            entity = await load(repository, command.entity_id, command.expected_version)
            loaded_version, loaded_name = entity.version, entity.name
            entity.revise(command.name, command.description, self._clock.now())
            if not entity.events:
                return {{ unit.entity_class }}Dto.of(entity)
            if entity.name != loaded_name and await repository.exists_with_name(entity.name):
                raise errors.{{ unit.entity_class }}NameTakenError(entity.name)
            await store(uow, entity, loaded_version)
        return {{ unit.entity_class }}Dto.of(entity)
