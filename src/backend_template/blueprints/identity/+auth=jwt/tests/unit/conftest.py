"""Identity use cases' collaborators: the in-memory fakes, fresh for every test."""

from datetime import timedelta

import pytest

from {{ unit.application }}.sessions import SessionIssuer

from tests.fakes.{{ unit.name }}.tokens import FakeAccessTokenCodec
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
    "codec",
    "hasher",
    "limiter",
    "make_user",
    "sessions",
    "store",
    "uow",
    "user",
]

REFRESH_TTL = timedelta(days=14)


@pytest.fixture
def codec() -> FakeAccessTokenCodec:
    return FakeAccessTokenCodec()


@pytest.fixture
def sessions(codec: FakeAccessTokenCodec) -> SessionIssuer:
    return SessionIssuer(codec, REFRESH_TTL)
