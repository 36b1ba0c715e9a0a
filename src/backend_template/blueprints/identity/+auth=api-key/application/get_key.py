"""Read one API key's metadata."""

import uuid

from {{ unit.application }}.dto import ApiKeyView
from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.domain }}.errors import ApiKeyNotFoundError


class GetApiKey:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(self, key: uuid.UUID) -> ApiKeyView:
        async with self._uow() as uow:
            found = await uow.keys.get(key)
        if found is None:
            raise ApiKeyNotFoundError(key)
        return ApiKeyView.of(found)
