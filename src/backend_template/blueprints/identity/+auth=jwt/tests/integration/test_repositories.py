"""The refresh token repository against the real test database."""

import uuid
from datetime import UTC, datetime, timedelta

from {{ unit.application }}.opaque_tokens import (
    hash_refresh_token,
    new_refresh_token,
)
from {{ unit.domain }}.refresh_token import RefreshToken
from {{ unit.domain }}.user import User
from {{ unit.database }} import Database
from {{ unit.infrastructure }}.unit_of_work import (
    unit_of_work_factory,
)
from {{ unit.shared }}.ids import new_id

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
