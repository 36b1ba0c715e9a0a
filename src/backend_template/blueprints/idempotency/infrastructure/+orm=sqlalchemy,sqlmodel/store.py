"""Idempotency keys on SQLAlchemy: each claim and completion in a transaction of its own."""

from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from {{ unit.database }} import Database, outage_as_unavailable
from {{ unit.infrastructure }}.models import idempotency_keys
from {{ unit.infrastructure }}.rows import (
    OrderedClaims,
    claim_of,
    kept_columns,
)
from {{ unit.shared }}.idempotency import Claim, KeptResponse

table = idempotency_keys


class SqlIdempotencyStore(OrderedClaims):
    """The claims in the service's own database (see ``shared.idempotency``)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def _insert(self, key: str, fingerprint: str, until: datetime) -> bool:
        try:
            with outage_as_unavailable():
                async with self._engine.begin() as connection:
                    await connection.execute(
                        insert(table).values(key=key, fingerprint=fingerprint, expires_at=until)
                    )
        except IntegrityError:
            return False
        return True

    async def _held(self, key: str, now: datetime) -> Claim | None:
        with outage_as_unavailable():
            async with self._engine.begin() as connection:
                lapsed = await connection.execute(
                    delete(table).where(table.c.key == key, table.c.expires_at <= now)
                )
                if lapsed.rowcount:
                    return None
                row = (
                    await connection.execute(select(table).where(table.c.key == key))
                ).one_or_none()
        if row is None:
            return None
        return claim_of(row.fingerprint, row.status, row.headers, row.body)

    async def complete(self, key: str, response: KeptResponse, until: datetime) -> None:
        with outage_as_unavailable():
            async with self._engine.begin() as connection:
                await connection.execute(
                    update(table)
                    .where(table.c.key == key)
                    .values(expires_at=until, **kept_columns(response))
                )

    async def release(self, key: str) -> None:
        with outage_as_unavailable():
            async with self._engine.begin() as connection:
                await connection.execute(
                    delete(table).where(table.c.key == key, table.c.status.is_(None))
                )

    async def purge(self, now: datetime) -> int:
        with outage_as_unavailable():
            async with self._engine.begin() as connection:
                result = await connection.execute(delete(table).where(table.c.expires_at <= now))
                return int(result.rowcount)


def idempotency_store(database: Database) -> SqlIdempotencyStore:
    """The idempotency keys of ``database``."""
    return SqlIdempotencyStore(database.engine)
