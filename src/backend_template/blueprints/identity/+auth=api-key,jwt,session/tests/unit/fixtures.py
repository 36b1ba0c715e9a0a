"""The fixtures every identity unit test starts from: the store, its units of work, the clock."""

import pytest

from {{ unit.application }}.ports import UnitOfWorkFactory

from tests.fakes.{{ unit.name }}.security import FakeClock
from tests.fakes.{{ unit.name }}.unit_of_work import IdentityStore, InMemoryIdentityUnitOfWork


@pytest.fixture
def store() -> IdentityStore:
    return IdentityStore()


@pytest.fixture
def uow(store: IdentityStore) -> UnitOfWorkFactory:
    return lambda: InMemoryIdentityUnitOfWork(store)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
