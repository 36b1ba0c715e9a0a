"""Exchange an email and password for a new session (access + refresh token)."""

from dataclasses import dataclass, field
from datetime import datetime

from {{ unit.application }}.ports import (
    IdentityUnitOfWork,
    LoginRateLimiter,
    PasswordHasher,
    UnitOfWorkFactory,
)
from {{ unit.application }}.sessions import SessionIssuer
from {{ unit.application }}.sign_in import PasswordSignIn
from {{ unit.application }}.tokens import TokenPair
from {{ unit.domain }}.user import User
from {{ unit.shared }}.clock import Clock
from {{ unit.shared }}.ids import new_id


@dataclass(frozen=True)
class LogInCommand:
    email: str
    password: str = field(repr=False)
    client: str
    """Where the attempt comes from (the client address); part of the rate-limit key."""


class LogIn:
    """Every sign-in starts a new token family: a session of its own."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        hasher: PasswordHasher,
        sessions: SessionIssuer,
        limiter: LoginRateLimiter,
        clock: Clock,
    ) -> None:
        self._password_sign_in = PasswordSignIn(uow, hasher, limiter, clock)
        self._sessions = sessions

    async def execute(self, command: LogInCommand) -> TokenPair:
        return await self._password_sign_in.sign_in(
            command.email, command.password, command.client, self._start
        )

    async def _start(self, uow: IdentityUnitOfWork, user: User, now: datetime) -> TokenPair:
        return await self._sessions.issue(uow, user, new_id(), now)
