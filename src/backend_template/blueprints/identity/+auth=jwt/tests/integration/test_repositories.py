"""The users and refresh token repositories against the real test database."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from {{ unit.application }}.opaque_tokens import hash_refresh_token, new_refresh_token
from {{ unit.database }} import Database
from {{ unit.domain }}.errors import EmailAlreadyRegisteredError
from {{ unit.domain }}.refresh_token import RefreshToken
from {{ unit.domain }}.user import Role, User
from {{ unit.infrastructure }}.unit_of_work import unit_of_work_factory
from {{ unit.shared }}.errors import ConcurrentUpdateError
from {{ unit.shared }}.ids import new_id
from {{ unit.shared }}.pagination import PageRequest

{% include "tests/integration/_user_repository_tests.py" %}


def a_token(user: User, family_id: uuid.UUID | None = None) -> RefreshToken:
    return RefreshToken(
        id=new_id(),
        user_id=user.id,
        family_id=family_id or new_id(),
        token_hash=hash_refresh_token(new_refresh_token()),
        issued_at=NOW,
        expires_at=NOW + timedelta(days=14),
    )


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
