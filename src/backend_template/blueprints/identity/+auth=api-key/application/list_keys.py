"""A page of API keys, oldest first: their metadata, never a secret or a hash."""

from {{ unit.application }}.dto import ApiKeyView
from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.shared }}.pagination import Page, PageRequest


class ListApiKeys:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(self, page: PageRequest) -> Page[ApiKeyView]:
        async with self._uow() as uow:
            keys = await uow.keys.list_page(page)
        return Page(
            items=[ApiKeyView.of(key) for key in keys.items],
            total=keys.total,
            offset=keys.offset,
            limit=keys.limit,
        )
