"""The identity unit of work: users and refresh tokens in one Tortoise transaction."""

import uuid
from datetime import datetime

from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.database }} import Database
from {{ unit.infrastructure }}.repositories import (
    TortoiseRefreshTokenRepository,
)
from {{ unit.infrastructure }}.user_transaction import (
    TortoiseUserTransaction,
)


class TortoiseIdentityUnitOfWork(TortoiseUserTransaction):
    @property
    def refresh_tokens(self) -> TortoiseRefreshTokenRepository:
        return TortoiseRefreshTokenRepository(self.client)

    async def end_sessions(self, user_id: uuid.UUID, now: datetime) -> None:
        await self.refresh_tokens.revoke_user(user_id, now)


def unit_of_work_factory(database: Database) -> UnitOfWorkFactory:
    """What the identity use cases open for each transaction."""
    return lambda: TortoiseIdentityUnitOfWork(database)
