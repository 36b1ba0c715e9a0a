"""The identity unit of work: API keys in one SQLAlchemy transaction."""

from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.database }} import Database
from {{ unit.infrastructure }}.repositories import (
    SqlAlchemyApiKeyRepository,
)
from {{ unit.infrastructure }}.transaction import SqlAlchemyTransaction


class SqlAlchemyIdentityUnitOfWork(SqlAlchemyTransaction):
    @property
    def keys(self) -> SqlAlchemyApiKeyRepository:
        return SqlAlchemyApiKeyRepository(self.session)


def unit_of_work_factory(database: Database) -> UnitOfWorkFactory:
    """What the identity use cases open for each transaction."""
    return lambda: SqlAlchemyIdentityUnitOfWork(database.session_factory)
