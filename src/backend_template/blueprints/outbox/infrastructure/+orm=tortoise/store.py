"""The outbox on Tortoise: written in the unit of work's transaction, relayed in batches."""

from collections.abc import Sequence
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F

from {{ unit.database }} import Database
from {{ unit.infrastructure }}.models import NAME_MAX_LENGTH, OutboxMessageRow
from {{ unit.infrastructure }}.relay import Deliver, attempt, describe_failure
from {{ unit.shared }}.events import IntegrationEvent
from {{ unit.shared }}.tracing import with_current_context

Row = OutboxMessageRow


class SqlOutbox:
    """An EventPublisher bound to one transaction: events go into it, not out."""

    def __init__(self, client: BaseDBAsyncClient) -> None:
        self._client = client

    async def publish(self, events: Sequence[IntegrationEvent]) -> None:
        # One INSERT each: Tortoise's bulk insert opens a transaction of its own on SQLite.
        for event in events:
            row = Row(
                event_id=event.id,
                name=event.name[:NAME_MAX_LENGTH],
                # With the trace context and request id of the change, for the consumers.
                body=with_current_context(event).to_json(),
                occurred_at=event.occurred_at,
                attempts=0,
            )
            await row.save(using_db=self._client, force_create=True)


class SqlOutboxStore:
    """What the relay needs from the table, each call in a transaction of its own."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def relay(self, limit: int, deliver: Deliver, now: datetime) -> int:
        transaction = await self._database.begin()
        try:
            claimed = await (
                Row.filter(published_at__isnull=True)
                .order_by("position")
                .limit(limit)
                # Another relay skips the locked rows instead of waiting (ignored by SQLite).
                .select_for_update(skip_locked=True)
                # Whole rows: Tortoise leaves FOR UPDATE out of values() queries.
                .using_db(transaction.client)
            )
            if not claimed:
                return 0
            positions = [row.position for row in claimed]
            events = [IntegrationEvent.from_json(row.body) for row in claimed]
            failure = await attempt(deliver, events)
            batch = Row.filter(position__in=positions).using_db(transaction.client)
            if failure is None:
                await batch.update(published_at=now, attempts=F("attempts") + 1, last_error=None)
            else:
                # The messages stay unpublished; the note of the failure is committed.
                await batch.update(attempts=F("attempts") + 1, last_error=describe_failure(failure))
            await transaction.commit()
        finally:
            await transaction.close()
        if failure is not None:
            raise failure
        return len(claimed)

    async def purge(self, published_before: datetime) -> int:
        transaction = await self._database.begin()
        try:
            deleted = await (
                Row.filter(published_at__lt=published_before).using_db(transaction.client).delete()
            )
            await transaction.commit()
        finally:
            await transaction.close()
        return deleted

    async def pending(self) -> int:
        """How many messages wait to be published (for tests and metrics)."""
        transaction = await self._database.begin()
        try:
            return await Row.filter(published_at__isnull=True).using_db(transaction.client).count()
        finally:
            await transaction.close()

    async def backlog(self) -> tuple[int, datetime | None]:
        """How many messages wait, and when the oldest of them happened (for the metrics)."""
        transaction = await self._database.begin()
        try:
            waiting = Row.filter(published_at__isnull=True).using_db(transaction.client)
            oldest = await waiting.order_by("position").first()
            count = await waiting.count() if oldest else 0
        finally:
            await transaction.close()
        return count, oldest.occurred_at if oldest else None


def outbox_store(database: Database) -> SqlOutboxStore:
    """The outbox of ``database``, for the relay (and for tests that read it)."""
    return SqlOutboxStore(database)


async def store_events(database: Database, events: Sequence[IntegrationEvent]) -> None:
    """Store ``events`` in the outbox in a transaction of their own (outside any unit of work)."""
    transaction = await database.begin()
    try:
        await SqlOutbox(transaction.client).publish(events)
        await transaction.commit()
    finally:
        await transaction.close()
