"""The identity unit of work: API keys in one Tortoise transaction."""

from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.database }} import Database
from {{ unit.infrastructure }}.repositories import (
    TortoiseApiKeyRepository,
)
from {{ unit.infrastructure }}.transaction import TortoiseTransaction


class TortoiseIdentityUnitOfWork(TortoiseTransaction):
    @property
    def keys(self) -> TortoiseApiKeyRepository:
        return TortoiseApiKeyRepository(self.client)


def unit_of_work_factory(database: Database) -> UnitOfWorkFactory:
    """What the identity use cases open for each transaction."""
    return lambda: TortoiseIdentityUnitOfWork(database)
