"""Use case: register a new {{ unit.entity_class }} as a draft under a name no other one has."""

from dataclasses import dataclass

from {{ unit.application }}.dto import {{ unit.entity_class }}Dto
from {{ unit.application }}.lookup import (
    {{ unit.entity_class }}Change,
    commit_with_events,
)
from {{ unit.domain }} import errors
from {{ unit.domain }}.model import {{ unit.entity_class }}
from {{ unit.shared }}.ids import new_id


@dataclass(frozen=True)
class Create{{ unit.entity_class }}Command:
    name: str
    description: str = ""
    quantity: int = 0


class Create{{ unit.entity_class }}({{ unit.entity_class }}Change):
    async def execute(self, command: Create{{ unit.entity_class }}Command) -> {{ unit.entity_class }}Dto:
        entity = {{ unit.entity_class }}.create(
            entity_id=new_id(),
            name=command.name,
            description=command.description,
            quantity=command.quantity,
            now=self._clock.now(),
        )
        async with self._uow as uow:
            if await uow.{{ unit.entity_plural }}.exists_with_name(entity.name):
                raise errors.{{ unit.entity_class }}NameTakenError(entity.name)
            await uow.{{ unit.entity_plural }}.add(entity)
            await commit_with_events(uow, entity)
        return {{ unit.entity_class }}Dto.of(entity)
