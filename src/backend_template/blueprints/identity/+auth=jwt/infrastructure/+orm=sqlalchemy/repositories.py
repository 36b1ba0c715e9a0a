"""Identity repositories on an SQLAlchemy async session (the unit of work owns the session)."""

import uuid
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from {{ unit.domain }}.errors import EmailAlreadyRegisteredError
from {{ unit.domain }}.refresh_token import RefreshToken
from {{ unit.domain }}.user import User
from {{ unit.infrastructure }}.models import (
    RefreshTokenRecord,
    UserRecord,
    token_to_domain,
    token_to_record,
    user_to_domain,
    user_to_record,
)
from {{ unit.shared }}.errors import ConcurrentUpdateError
from {{ unit.shared }}.pagination import Page, PageRequest


def _rowcount(result: object) -> int:
    return cast("CursorResult[Any]", result).rowcount


class SqlAlchemyUserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, user_id: uuid.UUID) -> User | None:
        record = await self._session.scalar(select(UserRecord).where(UserRecord.id == user_id))
        return user_to_domain(record) if record else None

    async def get_by_email(self, email: str) -> User | None:
        record = await self._session.scalar(select(UserRecord).where(UserRecord.email == email))
        return user_to_domain(record) if record else None

    async def add(self, user: User) -> None:
        self._session.add(user_to_record(user))
        try:
            await self._session.flush()
        except IntegrityError as error:
            # The unique email constraint settles a race the caller's check cannot see.
            raise EmailAlreadyRegisteredError from error

    async def save(self, user: User) -> None:
        result = await self._session.execute(
            update(UserRecord)
            .where(UserRecord.id == user.id, UserRecord.version == user.version)
            .values(
                email=user.email,
                password_hash=user.password_hash,
                role=user.role.value,
                is_active=user.is_active,
                updated_at=user.updated_at,
                version=user.version + 1,
            )
            .execution_options(synchronize_session=False)
        )
        if _rowcount(result) != 1:
            msg = "The user was changed by someone else; reload and try again."
            raise ConcurrentUpdateError(msg, details={"id": str(user.id)})
        user.version += 1

    async def list_page(self, page: PageRequest) -> Page[User]:
        total = await self._session.scalar(select(func.count()).select_from(UserRecord))
        records = await self._session.scalars(
            select(UserRecord)
            .order_by(UserRecord.created_at, UserRecord.id)
            .offset(page.offset)
            .limit(page.limit)
        )
        return Page(
            items=[user_to_domain(record) for record in records],
            total=total or 0,
            offset=page.offset,
            limit=page.limit,
        )


class SqlAlchemyRefreshTokenRepository:
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
        return _rowcount(result) == 1

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
