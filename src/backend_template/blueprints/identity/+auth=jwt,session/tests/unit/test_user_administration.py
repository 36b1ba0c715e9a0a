"""Admin use cases: roles, deactivation, listing, and the first administrator."""

import pytest

from {{ unit.application }}.change_role import (
    ChangeRole,
    ChangeRoleCommand,
)
from {{ unit.application }}.change_status import (
    ChangeStatus,
    ChangeStatusCommand,
)
from {{ unit.application }}.ensure_admin import (
    EnsureAdmin,
    EnsureAdminCommand,
)
from {{ unit.application }}.get_user import GetUser
from {{ unit.application }}.list_users import ListUsers
from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.domain }}.errors import (
    SelfManagementError,
    UserNotFoundError,
    WeakPasswordError,
)
from {{ unit.domain }}.user import Role, User
from {{ unit.shared }}.ids import new_id
from {{ unit.shared }}.pagination import PageRequest

from tests.fakes.clock import FakeClock
from tests.fakes.{{ unit.name }}.security import FakePasswordHasher
from tests.fakes.{{ unit.name }}.unit_of_work import IdentityStore
from tests.fakes.{{ unit.name }}.users import PASSWORD, UserFactory


async def test_an_admin_promotes_and_demotes_a_user(
    uow: UnitOfWorkFactory, clock: FakeClock, store: IdentityStore, admin: User, user: User
) -> None:
    change_role = ChangeRole(uow, clock)

    promoted = await change_role.execute(ChangeRoleCommand(admin.id, user.id, Role.ADMIN))
    assert promoted.role is Role.ADMIN
    assert store.users[user.id].role is Role.ADMIN

    demoted = await change_role.execute(ChangeRoleCommand(admin.id, user.id, Role.USER))
    assert demoted.role is Role.USER
    assert store.users[user.id].version == user.version + 2


async def test_an_admin_cannot_change_their_own_role(
    uow: UnitOfWorkFactory, clock: FakeClock, store: IdentityStore, admin: User
) -> None:
    with pytest.raises(SelfManagementError):
        await ChangeRole(uow, clock).execute(ChangeRoleCommand(admin.id, admin.id, Role.USER))
    assert store.users[admin.id].role is Role.ADMIN


async def test_changing_the_role_of_an_unknown_user_is_not_found(
    uow: UnitOfWorkFactory, clock: FakeClock, admin: User
) -> None:
    with pytest.raises(UserNotFoundError):
        await ChangeRole(uow, clock).execute(ChangeRoleCommand(admin.id, new_id(), Role.ADMIN))


async def test_an_admin_cannot_deactivate_themselves(
    uow: UnitOfWorkFactory, clock: FakeClock, admin: User
) -> None:
    with pytest.raises(SelfManagementError):
        await ChangeStatus(uow, clock).execute(ChangeStatusCommand(admin.id, admin.id, False))


async def test_lists_users_oldest_first_a_page_at_a_time(
    uow: UnitOfWorkFactory, make_user: UserFactory, clock: FakeClock
) -> None:
    for index in range(5):
        await make_user(f"user{index}@example.com")
        clock.advance(1)

    page = await ListUsers(uow).execute(PageRequest(offset=1, limit=2))

    assert page.total == 5
    assert [user.email for user in page.items] == ["user1@example.com", "user2@example.com"]
    assert (page.offset, page.limit) == (1, 2)


async def test_get_user_reads_one_user_or_is_not_found(uow: UnitOfWorkFactory, user: User) -> None:
    assert (await GetUser(uow).execute(user.id)).email == user.email
    with pytest.raises(UserNotFoundError):
        await GetUser(uow).execute(new_id())


async def test_ensure_admin_creates_the_first_admin(
    uow: UnitOfWorkFactory, hasher: FakePasswordHasher, clock: FakeClock, store: IdentityStore
) -> None:
    result = await EnsureAdmin(uow, hasher, clock).execute(
        EnsureAdminCommand(email="Root@Example.com", password=PASSWORD)
    )

    assert result.created
    stored = store.users[result.user.id]
    assert (stored.email, stored.role, stored.is_active) == ("root@example.com", Role.ADMIN, True)
    assert await hasher.verify(PASSWORD, stored.password_hash)


async def test_ensure_admin_promotes_an_existing_user_and_keeps_the_password(
    uow: UnitOfWorkFactory,
    hasher: FakePasswordHasher,
    clock: FakeClock,
    store: IdentityStore,
    make_user: UserFactory,
) -> None:
    existing = await make_user("ada@example.com", active=False)
    ensure = EnsureAdmin(uow, hasher, clock)

    result = await ensure.execute(EnsureAdminCommand(email="ada@example.com", password="other"))
    again = await ensure.execute(EnsureAdminCommand(email="ada@example.com", password="other"))

    assert not result.created
    assert not again.created
    stored = store.users[existing.id]
    assert (stored.role, stored.is_active) == (Role.ADMIN, True)
    assert stored.password_hash == existing.password_hash
    assert len(store.users) == 1


async def test_ensure_admin_applies_the_password_rules_to_new_accounts(
    uow: UnitOfWorkFactory, hasher: FakePasswordHasher, clock: FakeClock, store: IdentityStore
) -> None:
    with pytest.raises(WeakPasswordError):
        await EnsureAdmin(uow, hasher, clock).execute(
            EnsureAdminCommand(email="root@example.com", password="short")
        )
    assert store.users == {}


async def test_setting_the_current_role_or_status_changes_nothing(
    uow: UnitOfWorkFactory, clock: FakeClock, store: IdentityStore, admin: User, user: User
) -> None:
    commits = store.commits

    await ChangeRole(uow, clock).execute(ChangeRoleCommand(admin.id, user.id, Role.USER))
    await ChangeStatus(uow, clock).execute(ChangeStatusCommand(admin.id, user.id, True))

    assert store.commits == commits
    assert store.users[user.id].version == user.version


async def test_changing_the_status_of_an_unknown_user_is_not_found(
    uow: UnitOfWorkFactory, clock: FakeClock, admin: User
) -> None:
    with pytest.raises(UserNotFoundError):
        await ChangeStatus(uow, clock).execute(ChangeStatusCommand(admin.id, new_id(), False))
