"""Give a user a role (admin, editor or user); takes effect on the user's next request."""

import uuid
from dataclasses import dataclass

import structlog

from {{ unit.application }}.dto import UserView
from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.domain }}.errors import (
    SelfManagementError,
    UserNotFoundError,
)
from {{ unit.domain }}.user import Role
from {{ unit.shared }}.clock import Clock

logger = structlog.get_logger(__name__)


@dataclass(frozen=True)
class ChangeRoleCommand:
    actor_id: uuid.UUID
    user_id: uuid.UUID
    role: Role


class ChangeRole:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def execute(self, command: ChangeRoleCommand) -> UserView:
        if command.actor_id == command.user_id:
            raise SelfManagementError
        async with self._uow() as uow:
            user = await uow.users.get(command.user_id)
            if user is None:
                raise UserNotFoundError(command.user_id)
            if user.role != command.role:
                user.change_role(command.role, self._clock.now())
                await uow.users.save(user)
                await uow.commit()
                logger.info(
                    "user_role_changed",
                    user_id=str(user.id),
                    actor_id=str(command.actor_id),
                    role=user.role.value,
                )
        return UserView.of(user)
