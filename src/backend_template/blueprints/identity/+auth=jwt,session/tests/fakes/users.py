"""Users put straight into an in-memory store, for tests that need one to exist."""

from dataclasses import dataclass

from {{ unit.domain }}.user import Role, User
from {{ unit.shared }}.ids import new_id

from tests.fakes.clock import FakeClock
from tests.fakes.{{ unit.name }}.security import FakePasswordHasher
from tests.fakes.{{ unit.name }}.unit_of_work import IdentityStore

PASSWORD = "correct horse battery"


@dataclass
class UserFactory:
    store: IdentityStore
    hasher: FakePasswordHasher
    clock: FakeClock

    async def __call__(
        self,
        email: str,
        *,
        role: Role = Role.USER,
        active: bool = True,
        password: str = PASSWORD,
    ) -> User:
        user = User.register(
            user_id=new_id(),
            email=email,
            password_hash=await self.hasher.hash(password),
            now=self.clock.now(),
            role=role,
        )
        user.set_active(active, self.clock.now())
        self.store.users[user.id] = user
        return user
