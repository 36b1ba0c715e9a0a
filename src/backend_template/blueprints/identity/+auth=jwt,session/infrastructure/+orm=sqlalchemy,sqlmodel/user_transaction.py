"""The SQLAlchemy transaction of the local-user methods: it always reaches the users."""

from {{ unit.infrastructure }}.transaction import SqlAlchemyTransaction
from {{ unit.infrastructure }}.user_repository import (
    SqlAlchemyUserRepository,
)


class SqlAlchemyUserTransaction(SqlAlchemyTransaction):
    @property
    def users(self) -> SqlAlchemyUserRepository:
        return SqlAlchemyUserRepository(self.session)
