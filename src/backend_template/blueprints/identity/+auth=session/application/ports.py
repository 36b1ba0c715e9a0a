"""What the identity use cases need from the outside world, as protocols the adapters satisfy."""

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from {{ unit.domain }}.session import Session
from {{ unit.domain }}.user import User
from {{ unit.shared }}.pagination import Page, PageRequest
from {{ unit.shared }}.unit_of_work import UnitOfWork


{% include "application/_user_ports.py" %}


class SessionRepository(Protocol):
    async def add(self, session: Session) -> None: ...

    async def get_by_hash(self, token_hash: str) -> Session | None: ...

    async def touch(self, session_id: uuid.UUID, now: datetime) -> None:
        """Record a use of the session at ``now``."""
        ...

    async def delete(self, session_id: uuid.UUID) -> None: ...

    async def delete_user(self, user_id: uuid.UUID) -> None:
        """Delete every session of one user."""
        ...

    async def delete_expired_of_user(
        self, user_id: uuid.UUID, now: datetime, idle_since: datetime
    ) -> None:
        """Delete the user's sessions that ended, or that were last used before ``idle_since``."""
        ...


class IdentityUnitOfWork(UnitOfWork, Protocol):
    """One transaction over the identity repositories; leaving without commit rolls back."""

    @property
    def users(self) -> UserRepository: ...

    @property
    def sessions(self) -> SessionRepository: ...

    async def end_sessions(self, user_id: uuid.UUID, now: datetime) -> None:
        """End every session of one user."""
        ...


UnitOfWorkFactory = Callable[[], IdentityUnitOfWork]
