"""Identity use cases' collaborators: the in-memory fakes, fresh for every test."""

from datetime import timedelta

import pytest

from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.application }}.sessions import SessionIssuer
from {{ unit.domain }}.user import Role, User
from {{ unit.infrastructure }}.rate_limiter import StoredLoginRateLimiter
from {{ unit.package }}.infrastructure.rate_limit_store import InMemoryRateLimitStore

from tests.fakes.clock import FakeClock
from tests.fakes.{{ unit.name }}.security import FakePasswordHasher
from tests.fakes.{{ unit.name }}.tokens import FakeAccessTokenCodec
from tests.fakes.{{ unit.name }}.unit_of_work import IdentityStore, InMemoryIdentityUnitOfWork
from tests.fakes.{{ unit.name }}.users import UserFactory


{% include "tests/unit/_fixtures.py" %}


{% include "tests/unit/_user_fixtures.py" %}


REFRESH_TTL = timedelta(days=14)


@pytest.fixture
def codec() -> FakeAccessTokenCodec:
    return FakeAccessTokenCodec()


@pytest.fixture
def sessions(codec: FakeAccessTokenCodec) -> SessionIssuer:
    return SessionIssuer(codec, REFRESH_TTL)
