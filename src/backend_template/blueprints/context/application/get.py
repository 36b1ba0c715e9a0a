"""Use case: read one {{ unit.entity_class }} by its id."""

import uuid
from dataclasses import dataclass

from {{ unit.application }}.dto import {{ unit.entity_class }}Dto
from {{ unit.application }}.lookup import load
from {{ unit.application }}.ports import (
    {{ unit.title }}UnitOfWork,
)


@dataclass(frozen=True)
class Get{{ unit.entity_class }}Query:
    entity_id: uuid.UUID


class Get{{ unit.entity_class }}:
    def __init__(self, uow: {{ unit.title }}UnitOfWork) -> None:
        self._uow = uow

    async def execute(self, query: Get{{ unit.entity_class }}Query) -> {{ unit.entity_class }}Dto:
        async with self._uow as uow:
            entity = await load(uow.{{ unit.entity_plural }}, query.entity_id)
        return {{ unit.entity_class }}Dto.of(entity)
