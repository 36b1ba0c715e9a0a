"""The identity unit of work: API keys in one Tortoise transaction."""

from collections.abc import Callable

from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.database }} import Database, SqlUnitOfWork
from {{ unit.infrastructure }}.repositories import (
    SqlApiKeyRepository,
)


class SqlIdentityUnitOfWork(SqlUnitOfWork):
    @property
    def keys(self) -> SqlApiKeyRepository:
        return SqlApiKeyRepository(self.client)


def unit_of_work_factory(
    database: Database, on_commit: Callable[[], None] = lambda: None
) -> UnitOfWorkFactory:
    """What the identity use cases open for each transaction; ``on_commit`` follows each commit."""
    return lambda: SqlIdentityUnitOfWork(database, on_commit)
