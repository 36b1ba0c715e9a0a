"""Refresh-token rotation, reuse detection and logout, on the in-memory fakes."""

import pytest

from {{ unit.application }}.log_in import LogIn, LogInCommand
from {{ unit.application }}.log_out import LogOut, LogOutCommand
from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.application }}.refresh_session import (
    RefreshSession,
    RefreshSessionCommand,
)
from {{ unit.application }}.resolve_access_token import (
    ResolveAccessToken,
)
from {{ unit.application }}.sessions import SessionIssuer
from {{ unit.application }}.tokens import TokenPair
from {{ unit.domain }}.errors import InvalidTokenError
from {{ unit.domain }}.user import User
from {{ unit.infrastructure }}.rate_limiter import (
    StoredLoginRateLimiter,
)

from tests.fakes.clock import FakeClock
from tests.fakes.{{ unit.name }}.security import FakePasswordHasher
from tests.fakes.{{ unit.name }}.tokens import FakeAccessTokenCodec
from tests.fakes.{{ unit.name }}.unit_of_work import IdentityStore
from tests.fakes.{{ unit.name }}.users import PASSWORD


@pytest.fixture
def refresh(uow: UnitOfWorkFactory, sessions: SessionIssuer, clock: FakeClock) -> RefreshSession:
    return RefreshSession(uow, sessions, clock)


@pytest.fixture
def log_out(uow: UnitOfWorkFactory, clock: FakeClock) -> LogOut:
    return LogOut(uow, clock)


@pytest.fixture
def resolve(uow: UnitOfWorkFactory, codec: FakeAccessTokenCodec) -> ResolveAccessToken:
    return ResolveAccessToken(uow, codec)


@pytest.fixture
async def session(
    user: User,
    uow: UnitOfWorkFactory,
    hasher: FakePasswordHasher,
    sessions: SessionIssuer,
    limiter: StoredLoginRateLimiter,
    clock: FakeClock,
) -> TokenPair:
    log_in = LogIn(uow, hasher, sessions, limiter, clock)
    return await log_in.execute(LogInCommand(email=user.email, password=PASSWORD, client="test"))


async def rotate(refresh: RefreshSession, tokens: TokenPair) -> TokenPair:
    return await refresh.execute(RefreshSessionCommand(refresh_token=tokens.refresh_token))


async def test_refresh_rotates_within_the_same_family(
    refresh: RefreshSession,
    sessions: SessionIssuer,
    session: TokenPair,
    store: IdentityStore,
    codec: FakeAccessTokenCodec,
    clock: FakeClock,
) -> None:
    clock.advance(60)

    rotated = await rotate(refresh, session)

    assert rotated.refresh_token != session.refresh_token
    family = codec.verify(session.access_token).session_id
    assert codec.verify(rotated.access_token).session_id == family
    old, new = sorted(store.tokens_of_family(family), key=lambda token: token.issued_at)
    assert old.used_at == clock.now()
    assert new.used_at is None
    assert new.expires_at == clock.now() + sessions.refresh_ttl
    assert old.revoked_at is None
    assert new.revoked_at is None


async def test_a_rotated_chain_keeps_working(
    refresh: RefreshSession, session: TokenPair, resolve: ResolveAccessToken, user: User
) -> None:
    tokens = session
    for _ in range(3):
        tokens = await rotate(refresh, tokens)

    assert (await resolve.execute(tokens.access_token)).id == user.id


async def test_reusing_a_spent_token_revokes_the_whole_family(
    refresh: RefreshSession,
    session: TokenPair,
    store: IdentityStore,
    codec: FakeAccessTokenCodec,
    resolve: ResolveAccessToken,
) -> None:
    rotated = await rotate(refresh, session)

    with pytest.raises(InvalidTokenError):
        await rotate(refresh, session)

    family = codec.verify(session.access_token).session_id
    assert all(token.revoked_at is not None for token in store.tokens_of_family(family))
    with pytest.raises(InvalidTokenError):
        await rotate(refresh, rotated)
    with pytest.raises(InvalidTokenError):
        await resolve.execute(rotated.access_token)


async def test_reuse_leaves_other_sessions_of_the_user_alone(
    refresh: RefreshSession,
    session: TokenPair,
    uow: UnitOfWorkFactory,
    hasher: FakePasswordHasher,
    sessions: SessionIssuer,
    limiter: StoredLoginRateLimiter,
    clock: FakeClock,
    user: User,
) -> None:
    log_in = LogIn(uow, hasher, sessions, limiter, clock)
    other = await log_in.execute(LogInCommand(email=user.email, password=PASSWORD, client="x"))
    await rotate(refresh, session)

    with pytest.raises(InvalidTokenError):
        await rotate(refresh, session)

    assert (await rotate(refresh, other)).access_token


async def test_an_unknown_refresh_token_is_rejected(refresh: RefreshSession) -> None:
    with pytest.raises(InvalidTokenError):
        await refresh.execute(RefreshSessionCommand(refresh_token="not-a-token"))


async def test_an_expired_refresh_token_is_rejected(
    refresh: RefreshSession, sessions: SessionIssuer, session: TokenPair, clock: FakeClock
) -> None:
    clock.advance(sessions.refresh_ttl.total_seconds())

    with pytest.raises(InvalidTokenError):
        await rotate(refresh, session)


async def test_a_deactivated_user_cannot_refresh(
    refresh: RefreshSession,
    session: TokenPair,
    store: IdentityStore,
    user: User,
    clock: FakeClock,
) -> None:
    store.users[user.id].set_active(False, clock.now())

    with pytest.raises(InvalidTokenError):
        await rotate(refresh, session)
    assert all(token.revoked_at is not None for token in store.tokens.values())


async def test_logout_revokes_the_family_and_its_access_tokens(
    log_out: LogOut,
    refresh: RefreshSession,
    resolve: ResolveAccessToken,
    session: TokenPair,
    user: User,
) -> None:
    rotated = await rotate(refresh, session)
    assert (await resolve.execute(rotated.access_token)).id == user.id

    await log_out.execute(LogOutCommand(refresh_token=rotated.refresh_token))

    with pytest.raises(InvalidTokenError):
        await rotate(refresh, rotated)
    for access_token in (session.access_token, rotated.access_token):
        with pytest.raises(InvalidTokenError):
            await resolve.execute(access_token)


async def test_logout_with_an_unknown_token_changes_nothing(
    log_out: LogOut, session: TokenPair, store: IdentityStore, refresh: RefreshSession
) -> None:
    commits = store.commits

    await log_out.execute(LogOutCommand(refresh_token="not-a-token"))

    assert store.commits == commits
    assert (await rotate(refresh, session)).access_token


async def test_resolve_returns_the_current_user(
    resolve: ResolveAccessToken, session: TokenPair, user: User
) -> None:
    resolved = await resolve.execute(session.access_token)

    assert resolved.id == user.id
    assert resolved.role is user.role


async def test_resolve_rejects_a_token_the_codec_rejects(
    resolve: ResolveAccessToken, session: TokenPair, codec: FakeAccessTokenCodec
) -> None:
    codec.expire(session.access_token)

    with pytest.raises(InvalidTokenError):
        await resolve.execute(session.access_token)


async def test_resolve_rejects_an_inactive_or_deleted_user(
    resolve: ResolveAccessToken,
    session: TokenPair,
    store: IdentityStore,
    user: User,
    clock: FakeClock,
) -> None:
    store.users[user.id].set_active(False, clock.now())
    with pytest.raises(InvalidTokenError):
        await resolve.execute(session.access_token)

    del store.users[user.id]
    with pytest.raises(InvalidTokenError):
        await resolve.execute(session.access_token)
