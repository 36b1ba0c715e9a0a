"""A page of users, oldest first."""

from {{ unit.application }}.dto import UserView
from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.shared }}.pagination import Page, PageRequest


class ListUsers:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(self, page: PageRequest) -> Page[UserView]:
        async with self._uow() as uow:
            users = await uow.users.list_page(page)
        return Page(
            items=[UserView.of(user) for user in users.items],
            total=users.total,
            offset=users.offset,
            limit=users.limit,
        )
