"""Exchange an email and password for a new session (access + refresh token)."""

from dataclasses import dataclass, field

import structlog

from {{ unit.application }}.dto import TokenPair
from {{ unit.application }}.ports import (
    LoginRateLimiter,
    PasswordHasher,
    UnitOfWorkFactory,
)
from {{ unit.application }}.sessions import SessionIssuer
from {{ unit.domain }}.credentials import (
    MAX_PASSWORD_LENGTH,
    normalise_email,
)
from {{ unit.domain }}.errors import (
    InvalidCredentialsError,
    InvalidEmailError,
)
from {{ unit.shared }}.clock import Clock
from {{ unit.shared }}.ids import new_id

logger = structlog.get_logger(__name__)


@dataclass(frozen=True)
class LogInCommand:
    email: str
    password: str = field(repr=False)
    client: str
    """Where the attempt comes from (the client address); part of the rate-limit key."""


class LogIn:
    """Every failure looks the same to the caller and takes about as long, so no account leaks."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        hasher: PasswordHasher,
        sessions: SessionIssuer,
        limiter: LoginRateLimiter,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._sessions = sessions
        self._limiter = limiter
        self._clock = clock

    async def execute(self, command: LogInCommand) -> TokenPair:
        try:
            email = normalise_email(command.email)
        except InvalidEmailError:
            email = command.email.strip().lower()
        key = f"{command.client}|{email}"
        await self._limiter.check(key)
        async with self._uow() as uow:
            user = await uow.users.get_by_email(email)
        # The password is checked outside the transaction: argon2 is slow by design.
        if user is None or len(command.password) > MAX_PASSWORD_LENGTH:
            await self._hasher.verify_dummy(command.password[:MAX_PASSWORD_LENGTH])
            valid = False
        else:
            valid = await self._hasher.verify(command.password, user.password_hash)
        if user is None or not valid or not user.is_active:
            await self._limiter.record_failure(key)
            logger.info("login_failed", user_id=str(user.id) if user else None)
            raise InvalidCredentialsError
        async with self._uow() as uow:
            current = await uow.users.get(user.id)
            if current is None or not current.is_active:
                raise InvalidCredentialsError
            now = self._clock.now()
            if self._hasher.needs_rehash(current.password_hash):
                current.replace_password_hash(await self._hasher.hash(command.password), now)
                await uow.users.save(current)
                logger.info("password_rehashed", user_id=str(current.id))
            tokens = await self._sessions.issue(uow, current, new_id(), now)
            await uow.commit()
        await self._limiter.reset(key)
        logger.info("login_succeeded", user_id=str(current.id))
        return tokens
