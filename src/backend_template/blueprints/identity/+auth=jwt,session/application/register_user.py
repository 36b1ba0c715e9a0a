"""Register a new account with the user role."""

from dataclasses import dataclass, field

import structlog

from {{ unit.application }}.dto import UserView
from {{ unit.application }}.ports import PasswordHasher, UnitOfWorkFactory
from {{ unit.domain }}.credentials import (
    check_password,
    normalise_email,
)
from {{ unit.domain }}.errors import EmailAlreadyRegisteredError
from {{ unit.domain }}.user import User
from {{ unit.shared }}.clock import Clock
from {{ unit.shared }}.ids import new_id

logger = structlog.get_logger(__name__)


@dataclass(frozen=True)
class RegisterUserCommand:
    email: str
    password: str = field(repr=False)


class RegisterUser:
    def __init__(self, uow: UnitOfWorkFactory, hasher: PasswordHasher, clock: Clock) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock

    async def execute(self, command: RegisterUserCommand) -> UserView:
        email = normalise_email(command.email)
        check_password(command.password, email)
        # Hash before opening the transaction: argon2 is slow and should not hold a connection.
        password_hash = await self._hasher.hash(command.password)
        async with self._uow() as uow:
            if await uow.users.get_by_email(email) is not None:
                raise EmailAlreadyRegisteredError
            user = User.register(
                user_id=new_id(),
                email=email,
                password_hash=password_hash,
                now=self._clock.now(),
            )
            await uow.users.add(user)
            await uow.commit()
        logger.info("user_registered", user_id=str(user.id))
        return UserView.of(user)
