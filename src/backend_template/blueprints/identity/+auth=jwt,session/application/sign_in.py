"""The password check every sign-in goes through, whatever kind of session it then starts."""

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

import structlog

from {{ unit.application }}.ports import (
    IdentityUnitOfWork,
    LoginRateLimiter,
    PasswordHasher,
    UnitOfWorkFactory,
)
from {{ unit.domain }}.credentials import (
    MAX_PASSWORD_LENGTH,
    normalise_email,
)
from {{ unit.domain }}.errors import (
    InvalidCredentialsError,
    InvalidEmailError,
)
from {{ unit.domain }}.user import User
from {{ unit.shared }}.clock import Clock

logger = structlog.get_logger(__name__)

SessionT = TypeVar("SessionT")


class PasswordSignIn:
    """Every failure looks the same to the caller and takes about as long, so no account leaks."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        hasher: PasswordHasher,
        limiter: LoginRateLimiter,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._limiter = limiter
        self._clock = clock

    async def sign_in(
        self,
        email: str,
        password: str,
        client: str,
        start: Callable[[IdentityUnitOfWork, User, datetime], Awaitable[SessionT]],
    ) -> SessionT:
        """Check the password, then ``start`` the session in the same transaction as a rehash.

        ``client`` is where the attempt comes from (the client address): with the email, it is
        the rate-limit key.
        """
        try:
            address = normalise_email(email)
        except InvalidEmailError:
            address = email.strip().lower()
        key = f"{client}|{address}"
        await self._limiter.check(key)
        async with self._uow() as uow:
            user = await uow.users.get_by_email(address)
        # The password is checked outside the transaction: argon2 is slow by design.
        if user is None or len(password) > MAX_PASSWORD_LENGTH:
            await self._hasher.verify_dummy(password[:MAX_PASSWORD_LENGTH])
            valid = False
        else:
            valid = await self._hasher.verify(password, user.password_hash)
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
                current.replace_password_hash(await self._hasher.hash(password), now)
                await uow.users.save(current)
                logger.info("password_rehashed", user_id=str(current.id))
            session = await start(uow, current, now)
            await uow.commit()
        await self._limiter.reset(key)
        logger.info("login_succeeded", user_id=str(current.id))
        return session
