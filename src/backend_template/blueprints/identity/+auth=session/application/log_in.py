"""Exchange an email and password for a new server-side session."""

from dataclasses import dataclass, field
from datetime import datetime

import structlog

from {{ unit.application }}.dto import UserView
from {{ unit.application }}.ports import (
    IdentityUnitOfWork,
    LoginRateLimiter,
    PasswordHasher,
    UnitOfWorkFactory,
)
from {{ unit.application }}.session_policy import SessionPolicy
from {{ unit.application }}.session_tokens import (
    hash_session_id,
    new_csrf_token,
    new_session_id,
)
from {{ unit.application }}.session_views import StartedSession
from {{ unit.application }}.sign_in import PasswordSignIn
from {{ unit.domain }}.session import Session
from {{ unit.domain }}.user import User
from {{ unit.shared }}.clock import Clock
from {{ unit.shared }}.ids import new_id

logger = structlog.get_logger(__name__)


@dataclass(frozen=True)
class LogInCommand:
    email: str
    password: str = field(repr=False)
    client: str
    """Where the attempt comes from (the client address); part of the rate-limit key."""
    previous_session_id: str | None = field(default=None, repr=False)
    """The session cookie the browser already sent, if any: ended, never adopted."""


class LogIn:
    """Every sign-in gets a fresh random id, so a planted cookie never becomes a session."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        hasher: PasswordHasher,
        limiter: LoginRateLimiter,
        clock: Clock,
        policy: SessionPolicy,
    ) -> None:
        self._password_sign_in = PasswordSignIn(uow, hasher, limiter, clock)
        self._policy = policy

    async def execute(self, command: LogInCommand) -> StartedSession:
        async def start(uow: IdentityUnitOfWork, user: User, now: datetime) -> StartedSession:
            return await self._start(uow, user, now, command.previous_session_id)

        return await self._password_sign_in.sign_in(
            command.email, command.password, command.client, start
        )

    async def _start(
        self,
        uow: IdentityUnitOfWork,
        user: User,
        now: datetime,
        previous_session_id: str | None,
    ) -> StartedSession:
        if previous_session_id:
            previous = await uow.sessions.get_by_hash(hash_session_id(previous_session_id))
            if previous is not None:
                await uow.sessions.delete(previous.id)
        await uow.sessions.delete_expired_of_user(
            user.id, now, idle_since=now - self._policy.idle_timeout
        )
        session_id = new_session_id()
        session = Session(
            id=new_id(),
            user_id=user.id,
            token_hash=hash_session_id(session_id),
            csrf_token=new_csrf_token(),
            created_at=now,
            last_seen_at=now,
            expires_at=now + self._policy.absolute_timeout,
        )
        await uow.sessions.add(session)
        logger.info("session_started", user_id=str(user.id), session=str(session.id))
        return StartedSession(
            session_id=session_id,
            csrf_token=session.csrf_token,
            expires_at=session.expires_at,
            user=UserView.of(user),
        )
