"""The identity unit of work: users and their sessions in one Tortoise transaction."""

import uuid
from collections.abc import Callable
from datetime import datetime

from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.database }} import Database, SqlUnitOfWork
from {{ unit.infrastructure }}.repositories import (
    SqlSessionRepository,
    SqlUserRepository,
)


class SqlIdentityUnitOfWork(SqlUnitOfWork):
    @property
    def users(self) -> SqlUserRepository:
        return SqlUserRepository(self.client)

    @property
    def sessions(self) -> SqlSessionRepository:
        return SqlSessionRepository(self.client)

    async def end_sessions(self, user_id: uuid.UUID, now: datetime) -> None:
        del now  # a deleted session has no end time to record
        await self.sessions.delete_user(user_id)


def unit_of_work_factory(
    database: Database, on_commit: Callable[[], None] = lambda: None
) -> UnitOfWorkFactory:
    """What the identity use cases open for each transaction; ``on_commit`` follows each commit."""
    return lambda: SqlIdentityUnitOfWork(database, on_commit)
