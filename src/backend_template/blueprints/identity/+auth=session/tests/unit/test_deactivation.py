"""Deactivating an account deletes every session of it, and only of it."""

from {{ unit.application }}.change_status import (
    ChangeStatus,
    ChangeStatusCommand,
)
from {{ unit.application }}.log_in import LogIn, LogInCommand
from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.application }}.session_policy import SessionPolicy
from {{ unit.domain }}.user import User
from {{ unit.infrastructure }}.rate_limiter import (
    StoredLoginRateLimiter,
)

from tests.fakes.clock import FakeClock
from tests.fakes.{{ unit.name }}.security import FakePasswordHasher
from tests.fakes.{{ unit.name }}.unit_of_work import IdentityStore
from tests.fakes.{{ unit.name }}.users import PASSWORD


async def test_deactivation_deletes_every_session_and_reactivation_restores_sign_in(
    uow: UnitOfWorkFactory,
    hasher: FakePasswordHasher,
    limiter: StoredLoginRateLimiter,
    clock: FakeClock,
    policy: SessionPolicy,
    store: IdentityStore,
    admin: User,
    user: User,
) -> None:
    log_in = LogIn(uow, hasher, limiter, clock, policy)
    for email in (user.email, user.email, admin.email):
        await log_in.execute(LogInCommand(email=email, password=PASSWORD, client="10.0.0.1"))
    assert len(store.sessions_of(user.id)) == 2
    change_status = ChangeStatus(uow, clock)

    view = await change_status.execute(ChangeStatusCommand(admin.id, user.id, active=False))

    assert not view.is_active
    assert store.sessions_of(user.id) == []
    assert len(store.sessions_of(admin.id)) == 1
    assert (await change_status.execute(ChangeStatusCommand(admin.id, user.id, True))).is_active
    await log_in.execute(LogInCommand(email=user.email, password=PASSWORD, client="10.0.0.1"))
    assert len(store.sessions_of(user.id)) == 1
