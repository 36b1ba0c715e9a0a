"""The API key repository on an SQLAlchemy async session (the unit of work owns the session)."""

import uuid
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from {{ unit.domain }}.api_key import ApiKey
from {{ unit.domain }}.errors import KeyIdTakenError
from {{ unit.infrastructure }}.mapping import (
    key_to_domain,
    key_to_record,
)
from {{ unit.infrastructure }}.models import ApiKeyRecord
from {{ unit.shared }}.errors import ConcurrentUpdateError
from {{ unit.shared }}.pagination import Page, PageRequest


def _rowcount(result: object) -> int:
    return cast("CursorResult[Any]", result).rowcount


class SqlApiKeyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, key: uuid.UUID) -> ApiKey | None:
        record = await self._session.scalar(select(ApiKeyRecord).where(ApiKeyRecord.id == key))
        return key_to_domain(record) if record else None

    async def get_by_key_id(self, key_id: str) -> ApiKey | None:
        record = await self._session.scalar(
            select(ApiKeyRecord).where(ApiKeyRecord.key_id == key_id)
        )
        return key_to_domain(record) if record else None

    async def add(self, key: ApiKey) -> None:
        self._session.add(key_to_record(key))
        try:
            await self._session.flush()
        except IntegrityError as error:
            raise KeyIdTakenError from error

    async def save(self, key: ApiKey) -> None:
        result = await self._session.execute(
            update(ApiKeyRecord)
            .where(ApiKeyRecord.id == key.id, ApiKeyRecord.version == key.version)
            .values(
                name=key.name,
                scopes=" ".join(sorted(key.scopes)),
                expires_at=key.expires_at,
                revoked_at=key.revoked_at,
                version=key.version + 1,
            )
            .execution_options(synchronize_session=False)
        )
        if _rowcount(result) != 1:
            msg = "The API key was changed by someone else; reload and try again."
            raise ConcurrentUpdateError(msg, details={"id": str(key.id)})
        key.version += 1

    async def list_page(self, page: PageRequest) -> Page[ApiKey]:
        total = await self._session.scalar(select(func.count()).select_from(ApiKeyRecord))
        records = await self._session.scalars(
            select(ApiKeyRecord)
            .order_by(ApiKeyRecord.created_at, ApiKeyRecord.id)
            .offset(page.offset)
            .limit(page.limit)
        )
        return Page(
            items=[key_to_domain(record) for record in records],
            total=total or 0,
            offset=page.offset,
            limit=page.limit,
        )

    async def record_use(self, key: uuid.UUID, now: datetime, not_after: datetime) -> None:
        # Not versioned: a usage stamp must never make an admin's revocation fail.
        await self._session.execute(
            update(ApiKeyRecord)
            .where(
                ApiKeyRecord.id == key,
                or_(ApiKeyRecord.last_used_at.is_(None), ApiKeyRecord.last_used_at <= not_after),
            )
            .values(last_used_at=now)
            .execution_options(synchronize_session=False)
        )
