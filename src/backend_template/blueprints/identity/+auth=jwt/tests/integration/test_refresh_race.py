"""Two refreshes racing with one token: the database lets exactly one of them win."""

import asyncio
from datetime import timedelta

import pytest

from {{ unit.application }}.refresh_session import (
    RefreshSession,
    RefreshSessionCommand,
)
from {{ unit.application }}.sessions import SessionIssuer
from {{ unit.application }}.tokens import TokenPair
from {{ unit.domain }}.errors import InvalidTokenError
from {{ unit.domain }}.user import User
from {{ unit.database }} import Database
from {{ unit.infrastructure }}.unit_of_work import (
    unit_of_work_factory,
)
from {{ unit.shared }}.clock import SystemClock
from {{ unit.shared }}.ids import new_id

from tests.fakes.{{ unit.name }}.tokens import FakeAccessTokenCodec


async def test_a_racing_second_refresh_is_treated_as_reuse(database: Database) -> None:
    uow = unit_of_work_factory(database)
    clock = SystemClock()
    sessions = SessionIssuer(FakeAccessTokenCodec(), timedelta(days=1))
    user = User.register(
        user_id=new_id(), email="race@example.com", password_hash="$argon2id$x", now=clock.now()
    )
    family = new_id()
    async with uow() as transaction:
        await transaction.users.add(user)
        tokens = await sessions.issue(transaction, user, family, clock.now())
        await transaction.commit()
    refresh = RefreshSession(uow, sessions, clock)
    command = RefreshSessionCommand(refresh_token=tokens.refresh_token)

    results = await asyncio.gather(
        refresh.execute(command), refresh.execute(command), return_exceptions=True
    )

    assert sorted(type(result).__name__ for result in results) == [
        InvalidTokenError.__name__,
        TokenPair.__name__,
    ]
    winner = next(result for result in results if isinstance(result, TokenPair))
    with pytest.raises(InvalidTokenError):
        await refresh.execute(RefreshSessionCommand(refresh_token=winner.refresh_token))
    async with uow() as transaction:
        assert await transaction.refresh_tokens.is_family_revoked(family)
