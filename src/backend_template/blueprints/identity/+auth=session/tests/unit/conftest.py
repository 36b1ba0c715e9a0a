"""Identity use cases' collaborators: the in-memory fakes, fresh for every test."""

from datetime import timedelta

import pytest

from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.application }}.session_policy import SessionPolicy
from {{ unit.infrastructure }}.rate_limiter import (
    InMemoryLoginRateLimiter,
)

from tests.fakes.{{ unit.name }}.security import (
    FakeClock,
    FakePasswordHasher,
)
from tests.fakes.{{ unit.name }}.unit_of_work import IdentityStore, InMemoryIdentityUnitOfWork
from tests.fakes.{{ unit.name }}.users import UserFactory

MAX_ATTEMPTS = 3
WINDOW_SECONDS = 60
IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=8)
TOUCH_INTERVAL = timedelta(minutes=1)


@pytest.fixture
def store() -> IdentityStore:
    return IdentityStore()


@pytest.fixture
def uow(store: IdentityStore) -> UnitOfWorkFactory:
    return lambda: InMemoryIdentityUnitOfWork(store)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def hasher() -> FakePasswordHasher:
    return FakePasswordHasher()


@pytest.fixture
def policy() -> SessionPolicy:
    return SessionPolicy(
        idle_timeout=IDLE_TIMEOUT,
        absolute_timeout=ABSOLUTE_TIMEOUT,
        touch_interval=TOUCH_INTERVAL,
    )


@pytest.fixture
def limiter(clock: FakeClock) -> InMemoryLoginRateLimiter:
    return InMemoryLoginRateLimiter(
        max_attempts=MAX_ATTEMPTS, window_seconds=WINDOW_SECONDS, clock=clock
    )


@pytest.fixture
def make_user(store: IdentityStore, hasher: FakePasswordHasher, clock: FakeClock) -> UserFactory:
    return UserFactory(store, hasher, clock)
