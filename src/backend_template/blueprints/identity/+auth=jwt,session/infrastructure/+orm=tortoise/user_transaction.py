"""The Tortoise transaction of the local-user methods: it always reaches the users."""

from {{ unit.infrastructure }}.transaction import TortoiseTransaction
from {{ unit.infrastructure }}.user_repository import (
    TortoiseUserRepository,
)


class TortoiseUserTransaction(TortoiseTransaction):
    @property
    def users(self) -> TortoiseUserRepository:
        return TortoiseUserRepository(self.client)
