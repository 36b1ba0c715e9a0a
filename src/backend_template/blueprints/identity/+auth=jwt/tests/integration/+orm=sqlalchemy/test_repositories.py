"""The SQLAlchemy identity repositories against the real test database."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.dialects import sqlite

from {{ unit.application }}.opaque_tokens import (
    hash_refresh_token,
    new_refresh_token,
)
from {{ unit.domain }}.errors import EmailAlreadyRegisteredError
from {{ unit.domain }}.refresh_token import RefreshToken
from {{ unit.domain }}.user import Role, User
from {{ unit.database }} import Database
from {{ unit.infrastructure }}.models import UtcDateTime
from {{ unit.infrastructure }}.unit_of_work import (
    unit_of_work_factory,
)
from {{ unit.shared }}.errors import ConcurrentUpdateError
from {{ unit.shared }}.ids import new_id
from {{ unit.shared }}.pagination import PageRequest

NOW = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


def a_user(email: str = "ada@example.com", *, at: datetime = NOW) -> User:
    return User.register(user_id=new_id(), email=email, password_hash="$argon2id$stub", now=at)


def a_token(user: User, family_id: uuid.UUID | None = None) -> RefreshToken:
    return RefreshToken(
        id=new_id(),
        user_id=user.id,
        family_id=family_id or new_id(),
        token_hash=hash_refresh_token(new_refresh_token()),
        issued_at=NOW,
        expires_at=NOW + timedelta(days=14),
    )


async def store_user(database: Database, user: User) -> None:
    async with unit_of_work_factory(database)() as uow:
        await uow.users.add(user)
        await uow.commit()


async def test_a_user_round_trips_with_aware_datetimes(database: Database) -> None:
    user = a_user()
    await store_user(database, user)

    async with unit_of_work_factory(database)() as uow:
        by_id = await uow.users.get(user.id)
        by_email = await uow.users.get_by_email("ada@example.com")

    assert by_id == by_email == user
    assert by_id is not None
    assert by_id.created_at.tzinfo is not None


async def test_the_email_is_unique(database: Database) -> None:
    await store_user(database, a_user())

    with pytest.raises(EmailAlreadyRegisteredError):
        await store_user(database, a_user())


async def test_nothing_is_stored_without_commit(database: Database) -> None:
    user = a_user()
    async with unit_of_work_factory(database)() as uow:
        await uow.users.add(user)

    async with unit_of_work_factory(database)() as uow:
        assert await uow.users.get(user.id) is None


async def test_save_bumps_the_version_and_detects_a_concurrent_update(database: Database) -> None:
    user = a_user()
    await store_user(database, user)
    factory = unit_of_work_factory(database)
    async with factory() as uow:
        first = await uow.users.get(user.id)
    async with factory() as uow:
        second = await uow.users.get(user.id)
    assert first is not None
    assert second is not None

    async with factory() as uow:
        first.change_role(Role.ADMIN, NOW)
        await uow.users.save(first)
        await uow.commit()
    assert first.version == user.version + 1

    async with factory() as uow:
        second.set_active(False, NOW)
        with pytest.raises(ConcurrentUpdateError):
            await uow.users.save(second)

    async with factory() as uow:
        stored = await uow.users.get(user.id)
    assert stored is not None
    assert (stored.role, stored.is_active, stored.version) == (Role.ADMIN, True, 2)


async def test_lists_users_oldest_first(database: Database) -> None:
    for index in range(3):
        await store_user(database, a_user(f"u{index}@example.com", at=NOW + timedelta(index)))

    async with unit_of_work_factory(database)() as uow:
        page = await uow.users.list_page(PageRequest(offset=1, limit=1))

    assert page.total == 3
    assert [user.email for user in page.items] == ["u1@example.com"]


async def test_refresh_tokens_are_found_by_hash_and_consumed_once(database: Database) -> None:
    user = a_user()
    await store_user(database, user)
    token = a_token(user)
    factory = unit_of_work_factory(database)
    async with factory() as uow:
        await uow.refresh_tokens.add(token)
        await uow.commit()

    async with factory() as uow:
        assert await uow.refresh_tokens.get_by_hash(token.token_hash) == token
        assert await uow.refresh_tokens.get_by_hash(hash_refresh_token("other")) is None
        assert await uow.refresh_tokens.consume(token.id, NOW)
        assert not await uow.refresh_tokens.consume(token.id, NOW)
        await uow.commit()

    async with factory() as uow:
        stored = await uow.refresh_tokens.get_by_hash(token.token_hash)
    assert stored is not None
    assert stored.used_at == NOW


async def test_revoking_a_family_leaves_other_families_alone(database: Database) -> None:
    user = a_user()
    await store_user(database, user)
    family, other_family = new_id(), new_id()
    tokens = [a_token(user, family), a_token(user, family), a_token(user, other_family)]
    factory = unit_of_work_factory(database)
    async with factory() as uow:
        for token in tokens:
            await uow.refresh_tokens.add(token)
        await uow.commit()

    async with factory() as uow:
        assert not await uow.refresh_tokens.is_family_revoked(family)
        await uow.refresh_tokens.revoke_family(family, NOW)
        await uow.commit()

    async with factory() as uow:
        assert await uow.refresh_tokens.is_family_revoked(family)
        assert not await uow.refresh_tokens.is_family_revoked(other_family)
        assert not await uow.refresh_tokens.consume(tokens[1].id, NOW)
        await uow.refresh_tokens.revoke_user(user.id, NOW)
        await uow.commit()

    async with factory() as uow:
        assert await uow.refresh_tokens.is_family_revoked(other_family)


def test_naive_datetimes_are_refused_before_reaching_the_database() -> None:
    with pytest.raises(ValueError, match="naive"):
        UtcDateTime().process_bind_param(NOW.replace(tzinfo=None), sqlite.dialect())


def test_the_unit_of_work_is_only_usable_inside_its_block(database: Database) -> None:
    uow = unit_of_work_factory(database)()

    with pytest.raises(RuntimeError, match="outside"):
        uow.users  # noqa: B018 - the attribute access is what is tested
