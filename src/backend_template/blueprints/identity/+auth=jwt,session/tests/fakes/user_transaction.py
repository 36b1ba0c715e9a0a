"""The local users' part of the in-memory store, and a transaction that reaches them."""

import uuid
from dataclasses import dataclass, field
from typing import TypeVar

from {{ unit.domain }}.user import User

from tests.fakes.{{ unit.name }}.transaction import InMemoryTransaction
from tests.fakes.{{ unit.name }}.user_repository import InMemoryUserRepository


@dataclass
class UserStore:
    """The committed state, shared by every unit of work of one test."""

    users: dict[uuid.UUID, User] = field(default_factory=dict)
    commits: int = 0


UserStoreT = TypeVar("UserStoreT", bound=UserStore)


class InMemoryUserTransaction(InMemoryTransaction[UserStoreT]):
    @property
    def users(self) -> InMemoryUserRepository:
        return InMemoryUserRepository(self.working.users)
