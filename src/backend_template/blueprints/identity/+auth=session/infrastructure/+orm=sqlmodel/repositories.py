"""The users and sessions repositories on a SQLModel async session."""

import uuid
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, delete, func, or_, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from {{ unit.domain }}.errors import EmailAlreadyRegisteredError
from {{ unit.domain }}.session import Session
from {{ unit.domain }}.user import User
from {{ unit.infrastructure }}.mapping import (
    session_to_domain,
    session_to_record,
    user_to_domain,
    user_to_record,
)
from {{ unit.infrastructure }}.models import SessionRecord, UserRecord
from {{ unit.shared }}.errors import ConcurrentUpdateError
from {{ unit.shared }}.pagination import Page, PageRequest


{% include "infrastructure/_user_repository.py" %}


Record = SessionRecord


class SqlSessionRepository:
    """SQLModel statements on SQLAlchemy's session machinery, hence the shared name."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, session: Session) -> None:
        self._session.add(session_to_record(session))
        await self._session.flush()

    async def get_by_hash(self, token_hash: str) -> Session | None:
        found = await self._session.exec(select(Record).where(col(Record.token_hash) == token_hash))
        record = found.first()
        return session_to_domain(record) if record else None

    async def touch(self, session_id: uuid.UUID, now: datetime) -> None:
        await self._session.exec(
            update(Record)
            .where(col(Record.id) == session_id, col(Record.last_seen_at) < now)
            .values(last_seen_at=now)
            .execution_options(synchronize_session=False)
        )

    async def delete(self, session_id: uuid.UUID) -> None:
        await self._session.exec(
            delete(Record)
            .where(col(Record.id) == session_id)
            .execution_options(synchronize_session=False)
        )

    async def delete_user(self, user_id: uuid.UUID) -> None:
        await self._session.exec(
            delete(Record)
            .where(col(Record.user_id) == user_id)
            .execution_options(synchronize_session=False)
        )

    async def delete_expired_of_user(
        self, user_id: uuid.UUID, now: datetime, idle_since: datetime
    ) -> None:
        await self._session.exec(
            delete(Record)
            .where(
                col(Record.user_id) == user_id,
                or_(col(Record.expires_at) <= now, col(Record.last_seen_at) <= idle_since),
            )
            .execution_options(synchronize_session=False)
        )
