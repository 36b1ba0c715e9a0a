"""The API key repository against the real test database."""

from datetime import UTC, datetime, timedelta

import pytest

from {{ unit.domain }}.api_key import ApiKey
from {{ unit.domain }}.errors import KeyIdTakenError
from {{ unit.database }} import Database
from {{ unit.infrastructure }}.unit_of_work import (
    unit_of_work_factory,
)
from {{ unit.shared }}.errors import ConcurrentUpdateError
from {{ unit.shared }}.ids import new_id
from {{ unit.shared }}.pagination import PageRequest

NOW = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


def a_key(key_id: str = "abcd1234", *, at: datetime = NOW) -> ApiKey:
    return ApiKey.issue(
        id=new_id(),
        key_id=key_id,
        key_hash="0" * 64,
        name=f"key {key_id}",
        scopes=["catalog:read", "orders:*"],
        now=at,
        expires_at=at + timedelta(days=30),
    )


async def store_key(database: Database, key: ApiKey) -> None:
    async with unit_of_work_factory(database)() as uow:
        await uow.keys.add(key)
        await uow.commit()


async def test_a_key_round_trips_with_its_scopes_and_aware_datetimes(database: Database) -> None:
    key = a_key()
    await store_key(database, key)

    async with unit_of_work_factory(database)() as uow:
        by_id = await uow.keys.get(key.id)
        by_key_id = await uow.keys.get_by_key_id("abcd1234")
        missing = await uow.keys.get_by_key_id("zzzz9999")

    assert by_id == by_key_id == key
    assert missing is None
    assert by_id is not None
    assert by_id.expires_at is not None
    assert by_id.expires_at.tzinfo is not None


async def test_the_key_id_is_unique(database: Database) -> None:
    await store_key(database, a_key())

    with pytest.raises(KeyIdTakenError):
        await store_key(database, a_key())


async def test_nothing_is_stored_without_commit(database: Database) -> None:
    key = a_key()
    async with unit_of_work_factory(database)() as uow:
        await uow.keys.add(key)

    async with unit_of_work_factory(database)() as uow:
        assert await uow.keys.get(key.id) is None


async def test_save_bumps_the_version_and_detects_a_concurrent_update(database: Database) -> None:
    key = a_key()
    await store_key(database, key)
    factory = unit_of_work_factory(database)
    async with factory() as uow:
        first = await uow.keys.get(key.id)
    async with factory() as uow:
        second = await uow.keys.get(key.id)
    assert first is not None
    assert second is not None

    async with factory() as uow:
        first.revoke(NOW)
        await uow.keys.save(first)
        await uow.commit()

    async with factory() as uow:
        second.revoke(NOW + timedelta(1))
        with pytest.raises(ConcurrentUpdateError):
            await uow.keys.save(second)

    async with factory() as uow:
        stored = await uow.keys.get(key.id)
    assert stored is not None
    assert (stored.revoked_at, stored.version) == (NOW, 2)


async def test_use_is_recorded_only_when_the_last_one_is_old_enough(database: Database) -> None:
    key = a_key()
    await store_key(database, key)
    factory = unit_of_work_factory(database)
    minute = timedelta(minutes=1)

    for now in (NOW, NOW + timedelta(seconds=30), NOW + minute):
        async with factory() as uow:
            await uow.keys.record_use(key.id, now, not_after=now - minute)
            await uow.commit()
        async with factory() as uow:
            stored = await uow.keys.get(key.id)
        assert stored is not None
        assert stored.last_used_at == (NOW + minute if now == NOW + minute else NOW)
        assert stored.version == 1


async def test_lists_keys_oldest_first(database: Database) -> None:
    for index in range(3):
        await store_key(database, a_key(f"key{index:05d}", at=NOW + timedelta(index)))

    async with unit_of_work_factory(database)() as uow:
        page = await uow.keys.list_page(PageRequest(offset=1, limit=1))

    assert page.total == 3
    assert [key.key_id for key in page.items] == ["key00001"]


def test_the_unit_of_work_is_only_usable_inside_its_block(database: Database) -> None:
    uow = unit_of_work_factory(database)()

    with pytest.raises(RuntimeError, match="outside"):
        uow.keys  # noqa: B018 - the attribute access is what is tested
