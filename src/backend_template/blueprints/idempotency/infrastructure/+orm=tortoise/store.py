"""Idempotency keys on Tortoise: each claim and completion in a transaction of its own."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError

from {{ unit.database }} import Database
from {{ unit.infrastructure }}.models import IdempotencyKeyRow
from {{ unit.infrastructure }}.rows import (
    CLAIM_ATTEMPTS,
    claim_of,
    kept_columns,
)
from {{ unit.shared }}.idempotency import Claim, KeptResponse

Row = IdempotencyKeyRow


class SqlIdempotencyStore:
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

    async def claim(
        self, key: str, fingerprint: str, now: datetime, until: datetime
    ) -> Claim | None:
        for _ in range(CLAIM_ATTEMPTS):
            # The insert comes first: deleting an expired claim before it would take a gap lock
            # on MariaDB and MySQL, and two retries arriving together would deadlock on it.
            try:
                async with self._transaction() as client:
                    row = Row(key=key, fingerprint=fingerprint, expires_at=until)
                    await row.save(using_db=client, force_create=True)
                return None
            except IntegrityError:
                pass
            # Someone holds it: theirs is the claim, unless it lapsed or ended in the meantime.
            async with self._transaction() as client:
                lapsed = await Row.filter(key=key, expires_at__lte=now).using_db(client).delete()
                held = None if lapsed else await Row.filter(key=key).using_db(client).first()
            if held is not None:
                return claim_of(held.fingerprint, held.status, held.headers, held.body)
        msg = f"the idempotency key was claimed and released {CLAIM_ATTEMPTS} times over"
        raise RuntimeError(msg)

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
