"""Idempotency keys on Tortoise: each claim and completion in a transaction of its own."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError

from {{ unit.database }} import Database
from {{ unit.infrastructure }}.models import IdempotencyKeyRow
from {{ unit.infrastructure }}.rows import (
    OrderedClaims,
    claim_of,
    kept_columns,
)
from {{ unit.shared }}.idempotency import Claim, KeptResponse

Row = IdempotencyKeyRow


class SqlIdempotencyStore(OrderedClaims):
    """The claims in the service's own database (see ``shared.idempotency``)."""

    def __init__(self, database: Database) -> None:
        self._database = database

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[BaseDBAsyncClient]:
        """A transaction committed when the block ends, rolled back when it raises."""
        transaction = await self._database.begin()
        try:
            yield transaction.client
            await transaction.commit()
        except BaseException as error:
            await transaction.close(error)
            raise
        await transaction.close()

    async def _insert(self, key: str, fingerprint: str, until: datetime) -> bool:
        try:
            async with self._transaction() as client:
                row = Row(key=key, fingerprint=fingerprint, expires_at=until)
                await row.save(using_db=client, force_create=True)
        except IntegrityError:
            return False
        return True

    async def _held(self, key: str, now: datetime) -> Claim | None:
        async with self._transaction() as client:
            lapsed = await Row.filter(key=key, expires_at__lte=now).using_db(client).delete()
            held = None if lapsed else await Row.filter(key=key).using_db(client).first()
        if held is None:
            return None
        return claim_of(held.fingerprint, held.status, held.headers, held.body)

    async def complete(self, key: str, response: KeptResponse, until: datetime) -> None:
        async with self._transaction() as client:
            await (
                Row.filter(key=key)
                .using_db(client)
                .update(expires_at=until, **kept_columns(response))
            )

    async def release(self, key: str) -> None:
        async with self._transaction() as client:
            await Row.filter(key=key, status__isnull=True).using_db(client).delete()

    async def purge(self, now: datetime) -> int:
        async with self._transaction() as client:
            return await Row.filter(expires_at__lte=now).using_db(client).delete()


def idempotency_store(database: Database) -> SqlIdempotencyStore:
    """The idempotency keys of ``database``."""
    return SqlIdempotencyStore(database)
