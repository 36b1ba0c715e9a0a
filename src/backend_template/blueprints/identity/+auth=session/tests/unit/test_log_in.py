"""Signing in: a fresh random session id every time, stored only as its digest."""

import pytest

from {{ unit.application }}.log_in import LogIn, LogInCommand
from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.application }}.session_policy import SessionPolicy
from {{ unit.application }}.session_tokens import hash_session_id
from {{ unit.domain }}.errors import InvalidCredentialsError
from {{ unit.infrastructure }}.rate_limiter import (
    StoredLoginRateLimiter,
)
from {{ unit.shared }}.errors import RateLimitedError

from tests.fakes.clock import FakeClock
from tests.fakes.{{ unit.name }}.security import FakePasswordHasher
from tests.fakes.{{ unit.name }}.unit_of_work import IdentityStore
from tests.fakes.{{ unit.name }}.users import PASSWORD, UserFactory

CLIENT = "192.0.2.7"


@pytest.fixture
def use_case(
    uow: UnitOfWorkFactory,
    hasher: FakePasswordHasher,
    limiter: StoredLoginRateLimiter,
    clock: FakeClock,
    policy: SessionPolicy,
) -> LogIn:
    return LogIn(uow, hasher, limiter, clock, policy)


def attempt(email: str, password: str = PASSWORD, previous: str | None = None) -> LogInCommand:
    return LogInCommand(email=email, password=password, client=CLIENT, previous_session_id=previous)


async def test_starts_a_session_stored_only_as_the_digest_of_its_id(
    use_case: LogIn,
    make_user: UserFactory,
    store: IdentityStore,
    clock: FakeClock,
    policy: SessionPolicy,
) -> None:
    user = await make_user("ada@example.com")

    started = await use_case.execute(attempt("ADA@example.com"))

    [stored] = store.sessions_of(user.id)
    assert len(started.session_id) >= 43  # 32 random bytes, url-safe base64
    assert stored.token_hash == hash_session_id(started.session_id)
    assert started.session_id not in repr(stored)
    assert stored.csrf_token == started.csrf_token
    assert started.csrf_token != started.session_id
    assert started.expires_at == stored.expires_at == clock.now() + policy.absolute_timeout
    assert started.user.id == user.id


async def test_every_login_gets_a_new_id_and_ends_the_session_it_replaces(
    use_case: LogIn, make_user: UserFactory, store: IdentityStore
) -> None:
    user = await make_user("ada@example.com")
    first = await use_case.execute(attempt("ada@example.com"))

    second = await use_case.execute(attempt("ada@example.com", previous=first.session_id))

    assert second.session_id != first.session_id
    assert second.csrf_token != first.csrf_token
    assert [s.token_hash for s in store.sessions_of(user.id)] == [
        hash_session_id(second.session_id)
    ]


async def test_a_planted_session_id_is_never_adopted(
    use_case: LogIn, make_user: UserFactory, store: IdentityStore
) -> None:
    user = await make_user("ada@example.com")
    planted = "attacker-chosen-session-id"

    started = await use_case.execute(attempt("ada@example.com", previous=planted))

    assert started.session_id != planted
    assert all(s.token_hash != hash_session_id(planted) for s in store.sessions_of(user.id))


async def test_sessions_of_the_user_that_ended_are_swept_at_login(
    use_case: LogIn,
    make_user: UserFactory,
    store: IdentityStore,
    clock: FakeClock,
    policy: SessionPolicy,
) -> None:
    user = await make_user("ada@example.com")
    await use_case.execute(attempt("ada@example.com"))
    clock.advance(policy.idle_timeout.total_seconds())

    latest = await use_case.execute(attempt("ada@example.com"))

    [remaining] = store.sessions_of(user.id)
    assert remaining.token_hash == hash_session_id(latest.session_id)


async def test_rehashes_a_password_hashed_with_old_parameters(
    use_case: LogIn, make_user: UserFactory, hasher: FakePasswordHasher, store: IdentityStore
) -> None:
    user = await make_user("ada@example.com")
    hasher.version = 2

    await use_case.execute(attempt("ada@example.com"))

    assert store.users[user.id].password_hash.startswith("fake-v2$")


async def test_a_wrong_password_starts_nothing(
    use_case: LogIn, make_user: UserFactory, store: IdentityStore
) -> None:
    await make_user("ada@example.com")
    with pytest.raises(InvalidCredentialsError):
        await use_case.execute(attempt("ada@example.com", password="wrong password!"))
    assert store.sessions == {}


async def test_an_unknown_email_fails_the_same_way(
    use_case: LogIn, hasher: FakePasswordHasher
) -> None:
    with pytest.raises(InvalidCredentialsError):
        await use_case.execute(attempt("nobody@example.com"))
    assert hasher.dummy_verifications == 1


async def test_blocks_after_the_maximum_of_failures_even_the_right_password(
    use_case: LogIn, make_user: UserFactory, limiter: StoredLoginRateLimiter
) -> None:
    await make_user("ada@example.com")
    for _ in range(limiter.max_attempts):
        with pytest.raises(InvalidCredentialsError):
            await use_case.execute(attempt("ada@example.com", password="wrong password!"))

    with pytest.raises(RateLimitedError) as blocked:
        await use_case.execute(attempt("ada@example.com"))
    assert blocked.value.retry_after >= 1


def test_the_command_never_shows_the_password_or_the_previous_session() -> None:
    command = attempt("ada@example.com", previous="the-old-session-id")
    assert PASSWORD not in repr(command)
    assert "the-old-session-id" not in repr(command)
