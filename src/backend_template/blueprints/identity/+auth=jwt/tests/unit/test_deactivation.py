"""Deactivating an account revokes every token family of it."""

from {{ unit.application }}.change_status import (
    ChangeStatus,
    ChangeStatusCommand,
)
from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.application }}.sessions import SessionIssuer
from {{ unit.domain }}.user import User
from {{ unit.shared }}.ids import new_id

from tests.fakes.clock import FakeClock
from tests.fakes.{{ unit.name }}.unit_of_work import IdentityStore


async def test_deactivation_ends_every_session_and_reactivation_restores_sign_in(
    uow: UnitOfWorkFactory,
    clock: FakeClock,
    store: IdentityStore,
    sessions: SessionIssuer,
    admin: User,
    user: User,
) -> None:
    for _ in range(2):
        async with uow() as transaction:
            await sessions.issue(transaction, user, new_id(), clock.now())
            await transaction.commit()
    change_status = ChangeStatus(uow, clock)

    view = await change_status.execute(ChangeStatusCommand(admin.id, user.id, active=False))

    assert not view.is_active
    assert not store.users[user.id].is_active
    assert len(store.tokens) == 2
    assert all(token.revoked_at == clock.now() for token in store.tokens.values())
    assert (await change_status.execute(ChangeStatusCommand(admin.id, user.id, True))).is_active
