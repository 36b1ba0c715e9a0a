"""Admin use cases: issue, list, read, revoke and rotate keys."""

from datetime import timedelta

import pytest

from {{ unit.application }}.authenticate_key import (
    AuthenticateApiKey,
)
from {{ unit.application }}.get_key import GetApiKey
from {{ unit.application }}.key_minting import KeyMinter
from {{ unit.application }}.list_keys import ListApiKeys
from {{ unit.application }}.ports import UnitOfWorkFactory
from {{ unit.application }}.revoke_key import (
    RevokeApiKey,
    RevokeApiKeyCommand,
)
from {{ unit.application }}.rotate_key import (
    RotateApiKey,
    RotateApiKeyCommand,
)
from {{ unit.domain }}.errors import (
    ApiKeyNotFoundError,
    ApiKeyRevokedError,
    InvalidApiKeyError,
    InvalidScopeError,
    LastAdminKeyError,
    SelfRevocationError,
)
from {{ unit.shared }}.ids import new_id
from {{ unit.shared }}.pagination import MAX_LIMIT, PageRequest

from tests.fakes.{{ unit.name }}.keys import PREFIX, KeyIssuer
from tests.fakes.clock import FakeClock
from tests.fakes.{{ unit.name }}.security import FakeKeyHasher
from tests.fakes.{{ unit.name }}.unit_of_work import IdentityStore


@pytest.fixture
def rotate(uow: UnitOfWorkFactory, hasher: FakeKeyHasher, clock: FakeClock) -> RotateApiKey:
    return RotateApiKey(uow, KeyMinter(hasher, PREFIX), clock)


async def test_issuing_stores_only_the_hash_of_the_key(
    issue: KeyIssuer, store: IdentityStore, hasher: FakeKeyHasher
) -> None:
    issued = await issue(["catalog:read"], name="billing")

    stored = store.keys[issued.view.id]
    assert issued.key.startswith(f"{PREFIX}_{stored.key_id}_")
    assert stored.key_hash == hasher.digest(issued.key)
    assert issued.key not in repr(stored)
    assert issued.key not in repr(issued)
    assert (issued.view.name, issued.view.scopes) == ("billing", ("catalog:read",))


async def test_issuing_refuses_bad_scopes_and_stores_nothing(
    issue: KeyIssuer, store: IdentityStore
) -> None:
    with pytest.raises(InvalidScopeError):
        await issue(["catalog"])
    assert store.keys == {}


async def test_lists_keys_oldest_first_a_page_at_a_time(
    uow: UnitOfWorkFactory, issue: KeyIssuer, clock: FakeClock
) -> None:
    for index in range(5):
        await issue(name=f"key-{index}")
        clock.advance(1)

    page = await ListApiKeys(uow).execute(PageRequest(offset=1, limit=2))

    assert page.total == 5
    assert [key.name for key in page.items] == ["key-1", "key-2"]


async def test_get_reads_one_key_or_is_not_found(uow: UnitOfWorkFactory, issue: KeyIssuer) -> None:
    issued = await issue()

    assert await GetApiKey(uow).execute(issued.view.id) == issued.view
    with pytest.raises(ApiKeyNotFoundError):
        await GetApiKey(uow).execute(new_id())


async def test_revoking_stops_the_key_and_is_idempotent(
    uow: UnitOfWorkFactory,
    clock: FakeClock,
    issue: KeyIssuer,
    store: IdentityStore,
    authenticate: AuthenticateApiKey,
) -> None:
    issued = await issue(["catalog:read"])
    revoke = RevokeApiKey(uow, clock)

    view = await revoke.execute(RevokeApiKeyCommand(issued.view.id))
    commits = store.commits
    again = await revoke.execute(RevokeApiKeyCommand(issued.view.id))

    assert view.revoked_at == again.revoked_at == clock.now()
    assert store.commits == commits
    with pytest.raises(InvalidApiKeyError):
        await authenticate.execute(issued.key)
    with pytest.raises(ApiKeyNotFoundError):
        await revoke.execute(RevokeApiKeyCommand(new_id()))


async def test_rotating_issues_a_successor_and_revokes_the_old_key(
    rotate: RotateApiKey,
    issue: KeyIssuer,
    store: IdentityStore,
    clock: FakeClock,
    authenticate: AuthenticateApiKey,
) -> None:
    old = await issue(["orders:*"], name="sync", expires_at=clock.now() + timedelta(days=9))
    clock.advance(60)

    new = await rotate.execute(RotateApiKeyCommand(old.view.id))

    assert new.key != old.key
    assert new.view.id != old.view.id
    assert (new.view.name, new.view.scopes) == ("sync", ("orders:*",))
    assert new.view.expires_at == old.view.expires_at
    assert store.keys[old.view.id].revoked_at == clock.now()
    assert (await authenticate.execute(new.key)).id == new.view.id
    with pytest.raises(InvalidApiKeyError):
        await authenticate.execute(old.key)


async def test_a_revoked_or_unknown_key_cannot_be_rotated(
    rotate: RotateApiKey, issue: KeyIssuer, store: IdentityStore
) -> None:
    old = await issue()
    await rotate.execute(RotateApiKeyCommand(old.view.id, expires_at=None))
    keys = dict(store.keys)

    with pytest.raises(ApiKeyRevokedError):
        await rotate.execute(RotateApiKeyCommand(old.view.id))
    with pytest.raises(ApiKeyNotFoundError):
        await rotate.execute(RotateApiKeyCommand(new_id()))
    assert store.keys.keys() == keys.keys()


async def test_a_key_cannot_revoke_itself(
    uow: UnitOfWorkFactory, clock: FakeClock, issue: KeyIssuer, store: IdentityStore
) -> None:
    issued = await issue()
    await issue(name="second admin")

    with pytest.raises(SelfRevocationError):
        await RevokeApiKey(uow, clock).execute(
            RevokeApiKeyCommand(issued.view.id, actor=str(issued.view.id))
        )
    assert store.keys[issued.view.id].revoked_at is None


@pytest.mark.parametrize("scopes", [["*"], ["identity:admin"], ["identity:*"], ["*:admin"]])
async def test_the_last_usable_admin_key_cannot_be_revoked(
    uow: UnitOfWorkFactory,
    clock: FakeClock,
    issue: KeyIssuer,
    store: IdentityStore,
    scopes: list[str],
) -> None:
    last = await issue(scopes)
    await issue(["identity:self", "catalog:*"], name="not an admin")
    revoked = await issue(name="revoked admin")
    store.keys[revoked.view.id].revoke(clock.now())
    await issue(name="expiring admin", expires_at=clock.now() + timedelta(minutes=1))
    clock.advance(120)

    with pytest.raises(LastAdminKeyError) as refused:
        await RevokeApiKey(uow, clock).execute(RevokeApiKeyCommand(last.view.id))

    assert refused.value.code == "conflict"
    assert store.keys[last.view.id].revoked_at is None


async def test_an_admin_key_goes_while_another_stays_and_the_keeper_is_saved_too(
    uow: UnitOfWorkFactory, clock: FakeClock, issue: KeyIssuer, store: IdentityStore
) -> None:
    first, second = await issue(), await issue(["identity:admin"], name="second")
    keeper_version = store.keys[second.view.id].version

    await RevokeApiKey(uow, clock).execute(
        RevokeApiKeyCommand(first.view.id, actor=str(second.view.id))
    )

    assert store.keys[first.view.id].revoked_at == clock.now()
    # Saved with the revocation: a concurrent revocation of the keeper would now conflict.
    assert store.keys[second.view.id].version == keeper_version + 1
    with pytest.raises(LastAdminKeyError):
        await RevokeApiKey(uow, clock).execute(RevokeApiKeyCommand(second.view.id))


async def test_the_keeper_is_found_beyond_the_first_page(
    uow: UnitOfWorkFactory, clock: FakeClock, issue: KeyIssuer, store: IdentityStore
) -> None:
    target = await issue()
    for number in range(MAX_LIMIT):
        clock.advance(1)
        await issue(["catalog:read"], name=f"reader {number}")
    clock.advance(1)
    keeper = await issue(["identity:admin"], name="newest admin")

    await RevokeApiKey(uow, clock).execute(RevokeApiKeyCommand(target.view.id))

    assert store.keys[target.view.id].revoked_at is not None
    assert store.keys[keeper.view.id].revoked_at is None


async def test_rotating_the_only_admin_key_keeps_an_admin_key(
    rotate: RotateApiKey, issue: KeyIssuer, authenticate: AuthenticateApiKey
) -> None:
    only = await issue()

    successor = await rotate.execute(RotateApiKeyCommand(only.view.id, actor=str(only.view.id)))

    assert (await authenticate.execute(successor.key)).scopes == ("*",)
