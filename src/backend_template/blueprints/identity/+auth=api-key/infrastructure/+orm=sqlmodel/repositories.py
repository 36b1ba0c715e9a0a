"""The API key repository on a SQLModel async session (the unit of work owns the session)."""

import uuid
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, func, or_, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from {{ unit.domain }}.api_key import ApiKey
from {{ unit.domain }}.errors import KeyIdTakenError
from {{ unit.infrastructure }}.mapping import (
    key_to_domain,
    key_to_record,
)
from {{ unit.infrastructure }}.models import ApiKeyRecord
from {{ unit.shared }}.errors import ConcurrentUpdateError
from {{ unit.shared }}.pagination import Page, PageRequest

Record = ApiKeyRecord


class SqlApiKeyRepository:
    """SQLModel statements on SQLAlchemy's session machinery, hence the shared name."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, key: uuid.UUID) -> ApiKey | None:
        record = await self._session.get(Record, key, populate_existing=True)
        return key_to_domain(record) if record else None

    async def get_by_key_id(self, key_id: str) -> ApiKey | None:
        found = await self._session.exec(select(Record).where(col(Record.key_id) == key_id))
        record = found.first()
        return key_to_domain(record) if record else None

    async def add(self, key: ApiKey) -> None:
        self._session.add(key_to_record(key))
        try:
            await self._session.flush()
        except IntegrityError as error:
            raise KeyIdTakenError from error

    async def save(self, key: ApiKey) -> None:
        result = await self._session.exec(
            update(Record)
            .where(col(Record.id) == key.id, col(Record.version) == key.version)
            .values(
                name=key.name,
                scopes=" ".join(sorted(key.scopes)),
                expires_at=key.expires_at,
                revoked_at=key.revoked_at,
                version=key.version + 1,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            msg = "The API key was changed by someone else; reload and try again."
            raise ConcurrentUpdateError(msg, details={"id": str(key.id)})
        key.version += 1

    async def list_page(self, page: PageRequest) -> Page[ApiKey]:
        total = (await self._session.exec(select(func.count()).select_from(Record))).one()
        records = await self._session.exec(
            select(Record)
            .order_by(col(Record.created_at), col(Record.id))
            .offset(page.offset)
            .limit(page.limit)
        )
        return Page(
            items=[key_to_domain(record) for record in records],
            total=total,
            offset=page.offset,
            limit=page.limit,
        )

    async def record_use(self, key: uuid.UUID, now: datetime, not_after: datetime) -> None:
        # Not versioned: a usage stamp must never make an admin's revocation fail.
        await self._session.exec(
            update(Record)
            .where(
                col(Record.id) == key,
                or_(col(Record.last_used_at).is_(None), col(Record.last_used_at) <= not_after),
            )
            .values(last_used_at=now)
            .execution_options(synchronize_session=False)
        )
