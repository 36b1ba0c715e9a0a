"""Identity use cases' collaborators: the in-memory fakes, fresh for every test."""

from datetime import timedelta

import pytest

from {{ unit.application }}.session_policy import SessionPolicy

from tests.unit.{{ unit.name }}.fixtures import clock, store, uow
from tests.unit.{{ unit.name }}.user_fixtures import (
    admin,
    hasher,
    limiter,
    make_user,
    user,
)

__all__ = [
    "admin",
    "clock",
    "hasher",
    "limiter",
    "make_user",
    "policy",
    "store",
    "uow",
    "user",
]

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
