"""The users and refresh token repositories on an SQLAlchemy async session."""

import uuid
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

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
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, token: RefreshToken) -> None:
        self._session.add(token_to_record(token))
        await self._session.flush()

    async def get_by_hash(self, token_hash: str) -> RefreshToken | None:
        record = await self._session.scalar(
            select(RefreshTokenRecord).where(RefreshTokenRecord.token_hash == token_hash)
        )
        return token_to_domain(record) if record else None

    async def consume(self, token_id: uuid.UUID, now: datetime) -> bool:
        result = await self._session.execute(
            update(RefreshTokenRecord)
            .where(
                RefreshTokenRecord.id == token_id,
                RefreshTokenRecord.used_at.is_(None),
                RefreshTokenRecord.revoked_at.is_(None),
            )
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        )
        return rowcount(result) == 1

    async def revoke_family(self, family_id: uuid.UUID, now: datetime) -> None:
        await self._session.execute(
            update(RefreshTokenRecord)
            .where(
                RefreshTokenRecord.family_id == family_id,
                RefreshTokenRecord.revoked_at.is_(None),
            )
            .values(revoked_at=now)
            .execution_options(synchronize_session=False)
        )

    async def revoke_user(self, user_id: uuid.UUID, now: datetime) -> None:
        await self._session.execute(
            update(RefreshTokenRecord)
            .where(
                RefreshTokenRecord.user_id == user_id,
                RefreshTokenRecord.revoked_at.is_(None),
            )
            .values(revoked_at=now)
            .execution_options(synchronize_session=False)
        )

    async def is_family_revoked(self, family_id: uuid.UUID) -> bool:
        revoked = await self._session.scalar(
            select(
                exists().where(
                    RefreshTokenRecord.family_id == family_id,
                    RefreshTokenRecord.revoked_at.is_not(None),
                )
            )
        )
        return bool(revoked)
