"""Identity use cases' collaborators: the in-memory fakes, fresh for every test."""

from datetime import timedelta

import pytest

from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.application }}.sessions import SessionIssuer
from {{ unit.infrastructure }}.rate_limiter import (
    InMemoryLoginRateLimiter,
)

from tests.fakes.{{ unit.name }}.security import (
    FakeClock,
    FakePasswordHasher,
)
from tests.fakes.{{ unit.name }}.tokens import FakeAccessTokenCodec
from tests.fakes.{{ unit.name }}.unit_of_work import IdentityStore, InMemoryIdentityUnitOfWork
from tests.fakes.{{ unit.name }}.users import UserFactory

MAX_ATTEMPTS = 3
WINDOW_SECONDS = 60
REFRESH_TTL = timedelta(days=14)


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
def codec() -> FakeAccessTokenCodec:
    return FakeAccessTokenCodec()


@pytest.fixture
def sessions(codec: FakeAccessTokenCodec) -> SessionIssuer:
    return SessionIssuer(codec, REFRESH_TTL)


@pytest.fixture
def limiter(clock: FakeClock) -> InMemoryLoginRateLimiter:
    return InMemoryLoginRateLimiter(
        max_attempts=MAX_ATTEMPTS, window_seconds=WINDOW_SECONDS, clock=clock
    )


@pytest.fixture
def make_user(store: IdentityStore, hasher: FakePasswordHasher, clock: FakeClock) -> UserFactory:
    return UserFactory(store, hasher, clock)
