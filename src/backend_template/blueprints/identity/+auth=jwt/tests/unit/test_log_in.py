import pytest

from {{ unit.application }}.log_in import LogIn, LogInCommand
from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.application }}.sessions import SessionIssuer
from {{ unit.domain }}.errors import InvalidCredentialsError
from {{ unit.domain }}.user import Role
from {{ unit.infrastructure }}.rate_limiter import (
    StoredLoginRateLimiter,
)
from {{ unit.shared }}.errors import RateLimitedError

from tests.fakes.clock import FakeClock
from tests.fakes.{{ unit.name }}.security import FakePasswordHasher
from tests.fakes.{{ unit.name }}.tokens import FakeAccessTokenCodec
from tests.fakes.{{ unit.name }}.unit_of_work import IdentityStore
from tests.fakes.{{ unit.name }}.users import PASSWORD, UserFactory

EMAIL = "ada@example.com"
CLIENT = "203.0.113.7"


@pytest.fixture
def use_case(
    uow: UnitOfWorkFactory,
    hasher: FakePasswordHasher,
    sessions: SessionIssuer,
    limiter: StoredLoginRateLimiter,
    clock: FakeClock,
) -> LogIn:
    return LogIn(uow, hasher, sessions, limiter, clock)


def attempt(password: str = PASSWORD, email: str = EMAIL, client: str = CLIENT) -> LogInCommand:
    return LogInCommand(email=email, password=password, client=client)


async def test_issues_a_session_for_the_right_password(
    use_case: LogIn,
    make_user: UserFactory,
    store: IdentityStore,
    codec: FakeAccessTokenCodec,
) -> None:
    user = await make_user(EMAIL, role=Role.ADMIN)

    tokens = await use_case.execute(attempt(email="  ADA@example.com"))

    claims = codec.verify(tokens.access_token)
    assert claims.user_id == user.id
    assert claims.role == "admin"
    assert tokens.token_type == "bearer"
    assert tokens.expires_in == codec.expires_in
    [stored] = store.tokens.values()
    assert stored.user_id == user.id
    assert stored.family_id == claims.session_id
    assert stored.token_hash != tokens.refresh_token
    assert stored.used_at is None
    assert stored.revoked_at is None


async def test_every_login_starts_a_new_token_family(
    use_case: LogIn, make_user: UserFactory, codec: FakeAccessTokenCodec
) -> None:
    await make_user(EMAIL)

    first = await use_case.execute(attempt())
    second = await use_case.execute(attempt())

    first_sid = codec.verify(first.access_token).session_id
    assert first_sid != codec.verify(second.access_token).session_id
    assert first.refresh_token != second.refresh_token


async def test_a_wrong_password_is_invalid_credentials(
    use_case: LogIn, make_user: UserFactory, store: IdentityStore
) -> None:
    await make_user(EMAIL)

    with pytest.raises(InvalidCredentialsError) as caught:
        await use_case.execute(attempt(password="not the password"))
    assert caught.value.message == "Invalid credentials."
    assert store.tokens == {}


async def test_an_unknown_email_fails_the_same_way_after_a_dummy_verification(
    use_case: LogIn, hasher: FakePasswordHasher
) -> None:
    with pytest.raises(InvalidCredentialsError) as caught:
        await use_case.execute(attempt(email="nobody@example.com"))

    assert caught.value.message == "Invalid credentials."
    assert hasher.dummy_verifications == 1


async def test_a_malformed_email_is_just_invalid_credentials(
    use_case: LogIn, hasher: FakePasswordHasher
) -> None:
    with pytest.raises(InvalidCredentialsError):
        await use_case.execute(attempt(email="not an email"))
    assert hasher.dummy_verifications == 1


async def test_an_inactive_user_cannot_log_in_even_with_the_right_password(
    use_case: LogIn, make_user: UserFactory, store: IdentityStore
) -> None:
    await make_user(EMAIL, active=False)

    with pytest.raises(InvalidCredentialsError):
        await use_case.execute(attempt())
    assert store.tokens == {}


async def test_a_user_deactivated_during_the_password_check_gets_no_session(
    make_user: UserFactory,
    store: IdentityStore,
    uow: UnitOfWorkFactory,
    sessions: SessionIssuer,
    limiter: StoredLoginRateLimiter,
    clock: FakeClock,
) -> None:
    user = await make_user(EMAIL)

    class DeactivatingHasher(FakePasswordHasher):
        """An admin deactivates the account while argon2 is still busy."""

        async def verify(self, password: str, password_hash: str) -> bool:
            store.users[user.id].set_active(False, clock.now())
            return await super().verify(password, password_hash)

    log_in = LogIn(uow, DeactivatingHasher(), sessions, limiter, clock)

    with pytest.raises(InvalidCredentialsError):
        await log_in.execute(attempt())
    assert store.tokens == {}


async def test_rehashes_a_password_hashed_with_old_parameters(
    use_case: LogIn, make_user: UserFactory, hasher: FakePasswordHasher, store: IdentityStore
) -> None:
    user = await make_user(EMAIL)
    old_hash = user.password_hash
    hasher.version = 2

    await use_case.execute(attempt())

    new_hash = store.users[user.id].password_hash
    assert new_hash != old_hash
    assert not hasher.needs_rehash(new_hash)
    assert await hasher.verify(PASSWORD, new_hash)


async def test_keeps_a_current_hash(
    use_case: LogIn, make_user: UserFactory, store: IdentityStore
) -> None:
    user = await make_user(EMAIL)

    await use_case.execute(attempt())

    assert store.users[user.id].password_hash == user.password_hash
    assert store.users[user.id].version == user.version


async def test_blocks_after_the_maximum_of_failures_even_the_right_password(
    use_case: LogIn,
    make_user: UserFactory,
    hasher: FakePasswordHasher,
    limiter: StoredLoginRateLimiter,
) -> None:
    await make_user(EMAIL)
    for _ in range(limiter.max_attempts):
        with pytest.raises(InvalidCredentialsError):
            await use_case.execute(attempt(password="wrong password!"))
    checked = hasher.verifications

    with pytest.raises(RateLimitedError) as caught:
        await use_case.execute(attempt())
    assert 0 < caught.value.retry_after <= limiter.window_seconds
    assert hasher.verifications == checked, "a blocked attempt must not reach the hasher"


async def test_unknown_emails_are_rate_limited_too(
    use_case: LogIn, limiter: StoredLoginRateLimiter
) -> None:
    for _ in range(limiter.max_attempts):
        with pytest.raises(InvalidCredentialsError):
            await use_case.execute(attempt(email="nobody@example.com"))

    with pytest.raises(RateLimitedError):
        await use_case.execute(attempt(email="nobody@example.com"))


async def test_the_limit_is_per_client_and_email(
    use_case: LogIn, make_user: UserFactory, limiter: StoredLoginRateLimiter
) -> None:
    await make_user(EMAIL)
    for _ in range(limiter.max_attempts):
        with pytest.raises(InvalidCredentialsError):
            await use_case.execute(attempt(password="wrong password!"))

    assert (await use_case.execute(attempt(client="198.51.100.1"))).access_token
    with pytest.raises(InvalidCredentialsError):
        await use_case.execute(attempt(email="other@example.com"))


async def test_the_window_slides(
    use_case: LogIn, make_user: UserFactory, clock: FakeClock, limiter: StoredLoginRateLimiter
) -> None:
    await make_user(EMAIL)
    for _ in range(limiter.max_attempts):
        with pytest.raises(InvalidCredentialsError):
            await use_case.execute(attempt(password="wrong password!"))

    clock.advance(limiter.window_seconds + 1)

    assert (await use_case.execute(attempt())).access_token


async def test_a_successful_login_resets_the_failures(
    use_case: LogIn, make_user: UserFactory, limiter: StoredLoginRateLimiter
) -> None:
    await make_user(EMAIL)
    for _ in range(limiter.max_attempts - 1):
        with pytest.raises(InvalidCredentialsError):
            await use_case.execute(attempt(password="wrong password!"))

    await use_case.execute(attempt())

    for _ in range(limiter.max_attempts - 1):
        with pytest.raises(InvalidCredentialsError):
            await use_case.execute(attempt(password="wrong password!"))
    assert (await use_case.execute(attempt())).access_token


def test_the_command_never_shows_the_password() -> None:
    assert PASSWORD not in repr(attempt())
