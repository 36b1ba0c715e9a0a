"""The API key repository on a Tortoise transaction (the unit of work owns it)."""

import uuid
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from {{ unit.domain }}.api_key import ApiKey
from {{ unit.domain }}.errors import KeyIdTakenError
from {{ unit.infrastructure }}.mapping import (
    key_to_domain,
    key_to_record,
)
from {{ unit.infrastructure }}.models import ApiKeyRecord
from {{ unit.shared }}.errors import ConcurrentUpdateError
from {{ unit.shared }}.pagination import Page, PageRequest


class SqlApiKeyRepository:
    def __init__(self, client: BaseDBAsyncClient) -> None:
        self._client = client

    async def get(self, key: uuid.UUID) -> ApiKey | None:
        record = await ApiKeyRecord.filter(id=key).using_db(self._client).first()
        return key_to_domain(record) if record else None

    async def get_by_key_id(self, key_id: str) -> ApiKey | None:
        record = await ApiKeyRecord.filter(key_id=key_id).using_db(self._client).first()
        return key_to_domain(record) if record else None

    async def add(self, key: ApiKey) -> None:
        try:
            await key_to_record(key).save(using_db=self._client, force_create=True)
        except IntegrityError as error:
            raise KeyIdTakenError from error

    async def save(self, key: ApiKey) -> None:
        updated = (
            await ApiKeyRecord.filter(id=key.id, version=key.version)
            .using_db(self._client)
            .update(
                name=key.name,
                scopes=" ".join(sorted(key.scopes)),
                expires_at=key.expires_at,
                revoked_at=key.revoked_at,
                version=key.version + 1,
            )
        )
        if updated != 1:
            msg = "The API key was changed by someone else; reload and try again."
            raise ConcurrentUpdateError(msg, details={"id": str(key.id)})
        key.version += 1

    async def list_page(self, page: PageRequest) -> Page[ApiKey]:
        total = await ApiKeyRecord.all().using_db(self._client).count()
        records = (
            await ApiKeyRecord.all()
            .using_db(self._client)
            .order_by("created_at", "id")
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
        await (
            ApiKeyRecord.filter(
                Q(last_used_at__isnull=True) | Q(last_used_at__lte=not_after), id=key
            )
            .using_db(self._client)
            .update(last_used_at=now)
        )
