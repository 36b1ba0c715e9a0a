"""Read one user (for /me, or for an admin)."""

import uuid

from {{ unit.application }}.dto import UserView
from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.domain }}.errors import UserNotFoundError


class GetUser:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(self, user_id: uuid.UUID) -> UserView:
        async with self._uow() as uow:
            user = await uow.users.get(user_id)
        if user is None:
            raise UserNotFoundError(user_id)
        return UserView.of(user)
