"""Identity use cases' collaborators: the in-memory fakes, fresh for every test."""

from datetime import timedelta

import pytest

from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.application }}.session_policy import SessionPolicy
from {{ unit.domain }}.user import Role, User
from {{ unit.infrastructure }}.rate_limiter import StoredLoginRateLimiter
from {{ unit.package }}.infrastructure.rate_limit_store import InMemoryRateLimitStore

from tests.fakes.clock import FakeClock
from tests.fakes.{{ unit.name }}.security import FakePasswordHasher
from tests.fakes.{{ unit.name }}.unit_of_work import IdentityStore, InMemoryIdentityUnitOfWork
from tests.fakes.{{ unit.name }}.users import UserFactory


{% include "tests/unit/_fixtures.py" %}


{% include "tests/unit/_user_fixtures.py" %}


IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=8)
TOUCH_INTERVAL = timedelta(minutes=1)


@pytest.fixture
def policy() -> SessionPolicy:
    return SessionPolicy(
        idle_timeout=IDLE_TIMEOUT,
        absolute_timeout=ABSOLUTE_TIMEOUT,
        touch_interval=TOUCH_INTERVAL,
    )
