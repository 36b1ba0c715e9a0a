"""The users and sessions repositories on a Tortoise transaction."""

import uuid
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from {{ unit.domain }}.errors import EmailAlreadyRegisteredError
from {{ unit.domain }}.session import Session
from {{ unit.domain }}.user import User
from {{ unit.infrastructure }}.mapping import (
    session_to_domain,
    session_to_record,
    user_to_domain,
    user_to_record,
)
from {{ unit.infrastructure }}.models import SessionRecord, UserRecord
from {{ unit.shared }}.errors import ConcurrentUpdateError
from {{ unit.shared }}.pagination import Page, PageRequest


{% include "infrastructure/_user_repository.py" %}


class SqlSessionRepository:
    def __init__(self, client: BaseDBAsyncClient) -> None:
        self._client = client

    async def add(self, session: Session) -> None:
        await session_to_record(session).save(using_db=self._client, force_create=True)

    async def get_by_hash(self, token_hash: str) -> Session | None:
        record = await SessionRecord.filter(token_hash=token_hash).using_db(self._client).first()
        return session_to_domain(record) if record else None

    async def touch(self, session_id: uuid.UUID, now: datetime) -> None:
        await (
            SessionRecord.filter(id=session_id, last_seen_at__lt=now)
            .using_db(self._client)
            .update(last_seen_at=now)
        )

    async def delete(self, session_id: uuid.UUID) -> None:
        await SessionRecord.filter(id=session_id).using_db(self._client).delete()

    async def delete_user(self, user_id: uuid.UUID) -> None:
        await SessionRecord.filter(user_id=user_id).using_db(self._client).delete()

    async def delete_expired_of_user(
        self, user_id: uuid.UUID, now: datetime, idle_since: datetime
    ) -> None:
        await (
            SessionRecord.filter(
                Q(expires_at__lte=now) | Q(last_seen_at__lte=idle_since), user_id=user_id
            )
            .using_db(self._client)
            .delete()
        )
