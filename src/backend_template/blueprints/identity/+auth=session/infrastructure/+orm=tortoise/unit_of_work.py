"""The identity unit of work: users and their sessions in one Tortoise transaction."""

import uuid
from datetime import datetime

from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.database }} import Database
from {{ unit.infrastructure }}.repositories import (
    TortoiseSessionRepository,
)
from {{ unit.infrastructure }}.user_transaction import (
    TortoiseUserTransaction,
)


class TortoiseIdentityUnitOfWork(TortoiseUserTransaction):
    @property
    def sessions(self) -> TortoiseSessionRepository:
        return TortoiseSessionRepository(self.client)

    async def end_sessions(self, user_id: uuid.UUID, now: datetime) -> None:
        del now  # a deleted session has no end time to record
        await self.sessions.delete_user(user_id)


def unit_of_work_factory(database: Database) -> UnitOfWorkFactory:
    """What the identity use cases open for each transaction."""
    return lambda: TortoiseIdentityUnitOfWork(database)
