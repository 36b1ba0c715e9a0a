"""The users and sessions repositories on an SQLAlchemy async session."""

import uuid
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

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


class SqlSessionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, session: Session) -> None:
        self._session.add(session_to_record(session))
        await self._session.flush()

    async def get_by_hash(self, token_hash: str) -> Session | None:
        record = await self._session.scalar(
            select(SessionRecord).where(SessionRecord.token_hash == token_hash)
        )
        return session_to_domain(record) if record else None

    async def touch(self, session_id: uuid.UUID, now: datetime) -> None:
        await self._session.execute(
            update(SessionRecord)
            .where(SessionRecord.id == session_id, SessionRecord.last_seen_at < now)
            .values(last_seen_at=now)
            .execution_options(synchronize_session=False)
        )

    async def delete(self, session_id: uuid.UUID) -> None:
        await self._session.execute(
            delete(SessionRecord)
            .where(SessionRecord.id == session_id)
            .execution_options(synchronize_session=False)
        )

    async def delete_user(self, user_id: uuid.UUID) -> None:
        await self._session.execute(
            delete(SessionRecord)
            .where(SessionRecord.user_id == user_id)
            .execution_options(synchronize_session=False)
        )

    async def delete_expired_of_user(
        self, user_id: uuid.UUID, now: datetime, idle_since: datetime
    ) -> None:
        await self._session.execute(
            delete(SessionRecord)
            .where(
                SessionRecord.user_id == user_id,
                or_(SessionRecord.expires_at <= now, SessionRecord.last_seen_at <= idle_since),
            )
            .execution_options(synchronize_session=False)
        )
