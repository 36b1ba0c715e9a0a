"""The users and sessions repositories against the real test database."""

from datetime import UTC, datetime, timedelta

import pytest

from {{ unit.application }}.session_tokens import hash_session_id, new_csrf_token, new_session_id
from {{ unit.database }} import Database
from {{ unit.domain }}.errors import EmailAlreadyRegisteredError
from {{ unit.domain }}.session import Session
from {{ unit.domain }}.user import Role, User
from {{ unit.infrastructure }}.unit_of_work import unit_of_work_factory
from {{ unit.shared }}.errors import ConcurrentUpdateError
from {{ unit.shared }}.ids import new_id
from {{ unit.shared }}.pagination import PageRequest

{% include "tests/integration/_user_repository_tests.py" %}


def a_session(user: User, *, at: datetime = NOW, lasts: timedelta = timedelta(hours=8)) -> Session:
    return Session(
        id=new_id(),
        user_id=user.id,
        token_hash=hash_session_id(new_session_id()),
        csrf_token=new_csrf_token(),
        created_at=at,
        last_seen_at=at,
        expires_at=at + lasts,
    )


async def stored_user(database: Database, email: str = "ada@example.com") -> User:
    user = a_user(email)
    await store_user(database, user)
    return user


async def test_a_session_round_trips_by_the_digest_of_its_id(database: Database) -> None:
    user = await stored_user(database)
    session = a_session(user)
    async with unit_of_work_factory(database)() as uow:
        await uow.sessions.add(session)
        await uow.commit()

    async with unit_of_work_factory(database)() as uow:
        found = await uow.sessions.get_by_hash(session.token_hash)
        missing = await uow.sessions.get_by_hash(hash_session_id("unknown"))

    assert found == session
    assert found is not None
    assert found.expires_at.tzinfo is not None
    assert missing is None


async def test_touch_moves_last_use_forward_only(database: Database) -> None:
    user = await stored_user(database)
    session = a_session(user)
    later = NOW + timedelta(minutes=5)
    async with unit_of_work_factory(database)() as uow:
        await uow.sessions.add(session)
        await uow.sessions.touch(session.id, later)
        await uow.sessions.touch(session.id, NOW)
        await uow.commit()

    async with unit_of_work_factory(database)() as uow:
        found = await uow.sessions.get_by_hash(session.token_hash)
    assert found is not None
    assert found.last_seen_at == later


async def test_ending_a_users_sessions_leaves_other_users_alone(database: Database) -> None:
    ada = await stored_user(database)
    bob = await stored_user(database, "bob@example.com")
    sessions = [a_session(ada), a_session(ada), a_session(bob)]
    async with unit_of_work_factory(database)() as uow:
        for session in sessions:
            await uow.sessions.add(session)
        await uow.end_sessions(ada.id, NOW)
        await uow.commit()

    async with unit_of_work_factory(database)() as uow:
        left = [await uow.sessions.get_by_hash(s.token_hash) for s in sessions]
    assert left[:2] == [None, None]
    assert left[2] == sessions[2]


async def test_sweeping_deletes_only_the_users_ended_sessions(database: Database) -> None:
    user = await stored_user(database)
    idle = a_session(user, at=NOW - timedelta(hours=1))
    past_end = a_session(user, at=NOW - timedelta(minutes=1), lasts=timedelta(seconds=30))
    live = a_session(user)
    async with unit_of_work_factory(database)() as uow:
        for session in (idle, past_end, live):
            await uow.sessions.add(session)
        await uow.sessions.delete_expired_of_user(
            user.id, NOW, idle_since=NOW - timedelta(minutes=30)
        )
        await uow.sessions.delete(new_id())
        await uow.commit()

    async with unit_of_work_factory(database)() as uow:
        left = [await uow.sessions.get_by_hash(s.token_hash) for s in (idle, past_end, live)]
    assert left == [None, None, live]
