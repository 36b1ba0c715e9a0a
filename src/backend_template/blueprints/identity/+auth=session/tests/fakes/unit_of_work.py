"""In-memory users and sessions, and a unit of work that really commits or rolls back."""

import copy
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from {{ unit.domain }}.errors import EmailAlreadyRegisteredError
from {{ unit.domain }}.session import Session
from {{ unit.domain }}.user import User
from {{ unit.shared }}.errors import ConcurrentUpdateError
from {{ unit.shared }}.pagination import Page, PageRequest
from {{ unit.shared }}.unit_of_work import UnitOfWorkLifecycle, in_use


{% include "tests/fakes/_user_repository.py" %}


@dataclass
class IdentityStore:
    """The committed state, shared by every unit of work of one test."""

    users: dict[uuid.UUID, User] = field(default_factory=dict)
    sessions: dict[uuid.UUID, Session] = field(default_factory=dict)
    commits: int = 0

    def sessions_of(self, user_id: uuid.UUID) -> list[Session]:
        return [session for session in self.sessions.values() if session.user_id == user_id]


class InMemorySessionRepository:
    def __init__(self, sessions: dict[uuid.UUID, Session]) -> None:
        self._sessions = sessions

    async def add(self, session: Session) -> None:
        self._sessions[session.id] = copy.deepcopy(session)

    async def get_by_hash(self, token_hash: str) -> Session | None:
        found = next((s for s in self._sessions.values() if s.token_hash == token_hash), None)
        return copy.deepcopy(found) if found else None

    async def touch(self, session_id: uuid.UUID, now: datetime) -> None:
        session = self._sessions.get(session_id)
        if session is not None and session.last_seen_at < now:
            session.last_seen_at = now

    async def delete(self, session_id: uuid.UUID) -> None:
        self._sessions.pop(session_id, None)

    async def delete_user(self, user_id: uuid.UUID) -> None:
        for session in list(self._sessions.values()):
            if session.user_id == user_id:
                del self._sessions[session.id]

    async def delete_expired_of_user(
        self, user_id: uuid.UUID, now: datetime, idle_since: datetime
    ) -> None:
        for session in list(self._sessions.values()):
            ended = session.expires_at <= now or session.last_seen_at <= idle_since
            if session.user_id == user_id and ended:
                del self._sessions[session.id]


class InMemoryIdentityUnitOfWork(UnitOfWorkLifecycle):
{% include "tests/fakes/_unit_of_work.py" %}

    @property
    def users(self) -> InMemoryUserRepository:
        return InMemoryUserRepository(self.working.users)

    @property
    def sessions(self) -> InMemorySessionRepository:
        return InMemorySessionRepository(self.working.sessions)

    async def end_sessions(self, user_id: uuid.UUID, now: datetime) -> None:
        del now  # a deleted session has no end time to record
        await self.sessions.delete_user(user_id)
