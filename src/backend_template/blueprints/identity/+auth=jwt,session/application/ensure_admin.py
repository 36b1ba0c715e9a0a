"""Create the first administrator, or promote an existing account (safe to run again)."""

from dataclasses import dataclass, field

import structlog

from {{ unit.application }}.dto import UserView
from {{ unit.application }}.ports import PasswordHasher, UnitOfWorkFactory
from {{ unit.domain }}.credentials import (
    check_password,
    normalise_email,
)
from {{ unit.domain }}.user import Role, User
from {{ unit.shared }}.clock import Clock
from {{ unit.shared }}.ids import new_id

logger = structlog.get_logger(__name__)


@dataclass(frozen=True)
class EnsureAdminCommand:
    email: str
    password: str = field(repr=False)
    """Used only when the account is created; an existing account keeps its password."""


@dataclass(frozen=True)
class EnsureAdminResult:
    user: UserView
    created: bool


class EnsureAdmin:
    def __init__(self, uow: UnitOfWorkFactory, hasher: PasswordHasher, clock: Clock) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock

    async def execute(self, command: EnsureAdminCommand) -> EnsureAdminResult:
        email = normalise_email(command.email)
        async with self._uow() as uow:
            user = await uow.users.get_by_email(email)
            if user is not None:
                if user.role != Role.ADMIN or not user.is_active:
                    now = self._clock.now()
                    user.change_role(Role.ADMIN, now)
                    user.set_active(True, now)
                    await uow.users.save(user)
                    await uow.commit()
                logger.info("admin_ensured", user_id=str(user.id), created=False)
                return EnsureAdminResult(user=UserView.of(user), created=False)
        check_password(command.password, email)
        password_hash = await self._hasher.hash(command.password)
        async with self._uow() as uow:
            user = User.register(
                user_id=new_id(),
                email=email,
                password_hash=password_hash,
                now=self._clock.now(),
                role=Role.ADMIN,
            )
            await uow.users.add(user)
            await uow.commit()
        logger.info("admin_ensured", user_id=str(user.id), created=True)
        return EnsureAdminResult(user=UserView.of(user), created=True)
