"""The identity unit of work: one SQLAlchemy session and transaction per use."""

import uuid
from datetime import datetime
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.database }} import Database
from {{ unit.infrastructure }}.repositories import (
    SqlAlchemySessionRepository,
)
from {{ unit.infrastructure }}.user_repository import (
    SqlAlchemyUserRepository,
)


class SqlAlchemyIdentityUnitOfWork:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory
        self._session: AsyncSession | None = None

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            msg = "the unit of work is used outside its `async with` block"
            raise RuntimeError(msg)
        return self._session

    @property
    def users(self) -> SqlAlchemyUserRepository:
        return SqlAlchemyUserRepository(self.session)

    @property
    def sessions(self) -> SqlAlchemySessionRepository:
        return SqlAlchemySessionRepository(self.session)

    async def __aenter__(self) -> Self:
        self._session = self._session_factory()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        session, self._session = self.session, None
        try:
            await session.rollback()
        finally:
            await session.close()

    async def commit(self) -> None:
        await self.session.commit()

    async def end_sessions(self, user_id: uuid.UUID, now: datetime) -> None:
        del now  # a deleted session has no end time to record
        await self.sessions.delete_user(user_id)


def unit_of_work_factory(database: Database) -> UnitOfWorkFactory:
    """What the identity use cases open for each transaction."""
    return lambda: SqlAlchemyIdentityUnitOfWork(database.session_factory)
