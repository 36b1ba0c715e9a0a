"""Using a session: timeouts, throttled touches, sign-out, and the CSRF token check."""

import pytest

from {{ unit.application }}.log_in import LogIn, LogInCommand
from {{ unit.application }}.log_out import LogOut
from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.application }}.resolve_session import ResolveSession
from {{ unit.application }}.session_policy import SessionPolicy
from {{ unit.application }}.session_views import StartedSession
from {{ unit.application }}.verify_csrf import VerifyCsrf
from {{ unit.domain }}.session_errors import (
    CsrfTokenError,
    InvalidSessionError,
)
from {{ unit.domain }}.user import User
from {{ unit.infrastructure }}.rate_limiter import (
    StoredLoginRateLimiter,
)

from tests.fakes.clock import FakeClock
from tests.fakes.{{ unit.name }}.security import FakePasswordHasher
from tests.fakes.{{ unit.name }}.unit_of_work import IdentityStore
from tests.fakes.{{ unit.name }}.users import PASSWORD


@pytest.fixture
async def started(
    uow: UnitOfWorkFactory,
    hasher: FakePasswordHasher,
    limiter: StoredLoginRateLimiter,
    clock: FakeClock,
    policy: SessionPolicy,
    user: User,
) -> StartedSession:
    log_in = LogIn(uow, hasher, limiter, clock, policy)
    return await log_in.execute(LogInCommand(email=user.email, password=PASSWORD, client="x"))


@pytest.fixture
def resolve(uow: UnitOfWorkFactory, clock: FakeClock, policy: SessionPolicy) -> ResolveSession:
    return ResolveSession(uow, clock, policy)


async def test_a_live_session_speaks_for_its_user(
    resolve: ResolveSession, started: StartedSession, user: User
) -> None:
    current = await resolve.execute(started.session_id)
    assert current.user.id == user.id
    assert current.csrf_token == started.csrf_token


async def test_an_unknown_session_id_is_invalid(resolve: ResolveSession) -> None:
    with pytest.raises(InvalidSessionError):
        await resolve.execute("no-such-session")


async def test_an_idle_session_expires_and_is_deleted(
    resolve: ResolveSession,
    started: StartedSession,
    clock: FakeClock,
    policy: SessionPolicy,
    store: IdentityStore,
) -> None:
    clock.advance(policy.idle_timeout.total_seconds())
    with pytest.raises(InvalidSessionError):
        await resolve.execute(started.session_id)
    assert store.sessions == {}


async def test_use_keeps_a_session_alive_until_its_absolute_end(
    resolve: ResolveSession,
    started: StartedSession,
    clock: FakeClock,
    policy: SessionPolicy,
) -> None:
    step = policy.idle_timeout.total_seconds() / 2
    for _ in range(int(policy.absolute_timeout.total_seconds() // step) - 1):
        clock.advance(step)
        await resolve.execute(started.session_id)
    clock.advance(step)
    with pytest.raises(InvalidSessionError):
        await resolve.execute(started.session_id)


async def test_touches_are_written_at_most_once_per_interval(
    resolve: ResolveSession,
    started: StartedSession,
    clock: FakeClock,
    policy: SessionPolicy,
    store: IdentityStore,
) -> None:
    commits = store.commits
    clock.advance(policy.touch_interval.total_seconds() / 2)
    await resolve.execute(started.session_id)
    await resolve.execute(started.session_id)
    assert store.commits == commits

    clock.advance(policy.touch_interval.total_seconds())
    await resolve.execute(started.session_id)
    assert store.commits == commits + 1
    [session] = store.sessions.values()
    assert session.last_seen_at == clock.now()


async def test_a_deactivated_user_has_no_session(
    resolve: ResolveSession,
    started: StartedSession,
    store: IdentityStore,
    clock: FakeClock,
    user: User,
) -> None:
    store.users[user.id].set_active(False, clock.now())
    with pytest.raises(InvalidSessionError):
        await resolve.execute(started.session_id)


async def test_logging_out_deletes_the_session_and_is_idempotent(
    uow: UnitOfWorkFactory, resolve: ResolveSession, started: StartedSession, store: IdentityStore
) -> None:
    log_out = LogOut(uow)
    await log_out.execute(started.session_id)
    await log_out.execute(started.session_id)
    assert store.sessions == {}
    with pytest.raises(InvalidSessionError):
        await resolve.execute(started.session_id)


async def test_the_csrf_token_of_the_session_passes(
    uow: UnitOfWorkFactory, started: StartedSession
) -> None:
    await VerifyCsrf(uow).execute(started.session_id, started.csrf_token)


@pytest.mark.parametrize(
    "presented", [None, "", "a-wrong-token"], ids=["missing", "empty", "wrong"]
)
async def test_a_missing_or_wrong_csrf_token_is_refused(
    uow: UnitOfWorkFactory, started: StartedSession, presented: str | None
) -> None:
    with pytest.raises(CsrfTokenError) as refused:
        await VerifyCsrf(uow).execute(started.session_id, presented)
    assert refused.value.code == "forbidden"


async def test_an_unknown_session_is_left_to_authentication(uow: UnitOfWorkFactory) -> None:
    await VerifyCsrf(uow).execute("no-such-session", None)
