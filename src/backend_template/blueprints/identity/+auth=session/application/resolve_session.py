"""Who a session cookie speaks for, checked against its timeouts and the current user."""

import structlog

from {{ unit.application }}.dto import UserView
from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.application }}.session_policy import SessionPolicy
from {{ unit.application }}.session_tokens import hash_session_id
from {{ unit.application }}.session_views import CurrentSession
from {{ unit.domain }}.session_errors import InvalidSessionError
from {{ unit.shared }}.clock import Clock

logger = structlog.get_logger(__name__)


class ResolveSession:
    """An expired session is deleted on sight; a live one is touched at most once per interval."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, policy: SessionPolicy) -> None:
        self._uow = uow
        self._clock = clock
        self._policy = policy

    async def execute(self, session_id: str) -> CurrentSession:
        now = self._clock.now()
        async with self._uow() as uow:
            session = await uow.sessions.get_by_hash(hash_session_id(session_id))
            if session is None:
                raise InvalidSessionError
            if session.is_expired(now, self._policy.idle_timeout):
                await uow.sessions.delete(session.id)
                await uow.commit()
                logger.info("session_expired", user_id=str(session.user_id))
                raise InvalidSessionError
            user = await uow.users.get(session.user_id)
            if user is None or not user.is_active:
                raise InvalidSessionError
            if session.needs_touch(now, self._policy.touch_interval):
                await uow.sessions.touch(session.id, now)
                await uow.commit()
        return CurrentSession(csrf_token=session.csrf_token, user=UserView.of(user))
