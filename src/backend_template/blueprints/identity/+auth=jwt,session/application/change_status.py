"""Deactivate (or reactivate) an account; deactivation ends all its sessions at once."""

import uuid
from dataclasses import dataclass

import structlog

from {{ unit.application }}.dto import UserView
from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.domain }}.errors import (
    SelfManagementError,
    UserNotFoundError,
)
from {{ unit.shared }}.clock import Clock

logger = structlog.get_logger(__name__)


@dataclass(frozen=True)
class ChangeStatusCommand:
    actor_id: uuid.UUID
    user_id: uuid.UUID
    active: bool


class ChangeStatus:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def execute(self, command: ChangeStatusCommand) -> UserView:
        if command.actor_id == command.user_id:
            raise SelfManagementError
        async with self._uow() as uow:
            user = await uow.users.get(command.user_id)
            if user is None:
                raise UserNotFoundError(command.user_id)
            if user.is_active != command.active:
                now = self._clock.now()
                user.set_active(command.active, now)
                await uow.users.save(user)
                if not command.active:
                    await uow.end_sessions(user.id, now)
                await uow.commit()
                logger.info(
                    "user_status_changed",
                    user_id=str(user.id),
                    actor_id=str(command.actor_id),
                    active=user.is_active,
                )
        return UserView.of(user)
