"""The users and refresh token repositories on a Tortoise transaction."""

import uuid
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError

from {{ unit.domain }}.errors import EmailAlreadyRegisteredError
from {{ unit.domain }}.refresh_token import RefreshToken
from {{ unit.domain }}.user import User
from {{ unit.infrastructure }}.mapping import (
    token_to_domain,
    token_to_record,
    user_to_domain,
    user_to_record,
)
from {{ unit.infrastructure }}.models import RefreshTokenRecord, UserRecord
from {{ unit.shared }}.errors import ConcurrentUpdateError
from {{ unit.shared }}.pagination import Page, PageRequest


{% include "infrastructure/_user_repository.py" %}


class SqlRefreshTokenRepository:
    def __init__(self, client: BaseDBAsyncClient) -> None:
        self._client = client

    async def add(self, token: RefreshToken) -> None:
        await token_to_record(token).save(using_db=self._client, force_create=True)

    async def get_by_hash(self, token_hash: str) -> RefreshToken | None:
        record = (
            await RefreshTokenRecord.filter(token_hash=token_hash).using_db(self._client).first()
        )
        return token_to_domain(record) if record else None

    async def consume(self, token_id: uuid.UUID, now: datetime) -> bool:
        consumed = (
            await RefreshTokenRecord.filter(
                id=token_id, used_at__isnull=True, revoked_at__isnull=True
            )
            .using_db(self._client)
            .update(used_at=now)
        )
        return consumed == 1

    async def revoke_family(self, family_id: uuid.UUID, now: datetime) -> None:
        await (
            RefreshTokenRecord.filter(family_id=family_id, revoked_at__isnull=True)
            .using_db(self._client)
            .update(revoked_at=now)
        )

    async def revoke_user(self, user_id: uuid.UUID, now: datetime) -> None:
        await (
            RefreshTokenRecord.filter(user_id=user_id, revoked_at__isnull=True)
            .using_db(self._client)
            .update(revoked_at=now)
        )

    async def is_family_revoked(self, family_id: uuid.UUID) -> bool:
        return (
            await RefreshTokenRecord.filter(family_id=family_id, revoked_at__not_isnull=True)
            .using_db(self._client)
            .exists()
        )
