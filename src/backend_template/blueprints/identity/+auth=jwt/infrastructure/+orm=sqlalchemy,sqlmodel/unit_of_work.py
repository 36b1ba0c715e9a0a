"""The identity unit of work: users and refresh tokens in one SQLAlchemy transaction."""

import uuid
from collections.abc import Callable
from datetime import datetime

from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.database }} import Database, SqlUnitOfWork
from {{ unit.infrastructure }}.repositories import (
    SqlRefreshTokenRepository,
    SqlUserRepository,
)


class SqlIdentityUnitOfWork(SqlUnitOfWork):
    @property
    def users(self) -> SqlUserRepository:
        return SqlUserRepository(self.session)

    @property
    def refresh_tokens(self) -> SqlRefreshTokenRepository:
        return SqlRefreshTokenRepository(self.session)

    async def end_sessions(self, user_id: uuid.UUID, now: datetime) -> None:
        await self.refresh_tokens.revoke_user(user_id, now)


def unit_of_work_factory(
    database: Database, on_commit: Callable[[], None] = lambda: None
) -> UnitOfWorkFactory:
    """What the identity use cases open for each transaction; ``on_commit`` follows each commit."""
    return lambda: SqlIdentityUnitOfWork(database.session_factory, on_commit)
