"""Identity use cases' collaborators: the in-memory fakes, fresh for every test."""

from datetime import timedelta

import pytest

from {{ unit.application }}.authenticate_key import AuthenticateApiKey
from {{ unit.application }}.create_key import CreateApiKey
from {{ unit.application }}.key_minting import KeyMinter
from {{ unit.application }}.ports import UnitOfWorkFactory

from tests.fakes.{{ unit.name }}.keys import PREFIX, KeyIssuer
from tests.fakes.clock import FakeClock
from tests.fakes.{{ unit.name }}.security import FakeKeyHasher
from tests.fakes.{{ unit.name }}.unit_of_work import IdentityStore, InMemoryIdentityUnitOfWork


{% include "tests/unit/_fixtures.py" %}


LAST_USED_INTERVAL = timedelta(minutes=1)


@pytest.fixture
def hasher() -> FakeKeyHasher:
    return FakeKeyHasher()


@pytest.fixture
def authenticate(
    uow: UnitOfWorkFactory, hasher: FakeKeyHasher, clock: FakeClock
) -> AuthenticateApiKey:
    return AuthenticateApiKey(uow, hasher, clock, LAST_USED_INTERVAL)


@pytest.fixture
def issue(uow: UnitOfWorkFactory, hasher: FakeKeyHasher, clock: FakeClock) -> KeyIssuer:
    return KeyIssuer(CreateApiKey(uow, KeyMinter(hasher, PREFIX), clock))
