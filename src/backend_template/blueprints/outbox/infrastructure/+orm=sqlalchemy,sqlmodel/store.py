"""The outbox on SQLAlchemy: written in the unit of work's transaction, relayed in batches."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from {{ unit.database }} import Database
from {{ unit.infrastructure }}.models import NAME_MAX_LENGTH, outbox_messages
from {{ unit.infrastructure }}.relay import Deliver, attempt, describe_failure
from {{ unit.shared }}.events import IntegrationEvent
from {{ unit.shared }}.tracing import with_current_context

table = outbox_messages
unpublished = table.c.published_at.is_(None)


class SqlOutbox:
    """An EventPublisher bound to one session: events go into its transaction, not out."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def publish(self, events: Sequence[IntegrationEvent]) -> None:
        if not events:
            return
        rows = [
            {
                "event_id": event.id,
                "name": event.name[:NAME_MAX_LENGTH],
                # With the trace context and request id of the change, for the consumers.
                "body": with_current_context(event).to_json(),
                "occurred_at": event.occurred_at,
                "attempts": 0,
            }
            for event in events
        ]
        # The session's own connection: the rows commit or roll back with the change.
        connection = await self._session.connection()
        await connection.execute(insert(table), rows)


class SqlOutboxStore:
    """What the relay needs from the table, each call in a transaction of its own."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def relay(self, limit: int, deliver: Deliver, now: datetime) -> int:
        async with self._engine.begin() as connection:
            claimed = (
                await connection.execute(
                    select(table.c.position, table.c.body)
                    .where(unpublished)
                    .order_by(table.c.position)
                    .limit(limit)
                    # Another relay skips the locked rows instead of waiting for them.
                    .with_for_update(skip_locked=True)
                )
            ).all()
            if not claimed:
                return 0
            positions = table.c.position.in_([row.position for row in claimed])
            events = [IntegrationEvent.from_json(row.body) for row in claimed]
            failure = await attempt(deliver, events)
            if failure is None:
                await connection.execute(
                    update(table)
                    .where(positions)
                    .values(published_at=now, attempts=table.c.attempts + 1, last_error=None)
                )
                return len(claimed)
            # The messages stay unpublished; the note of the failure is committed with the block.
            await connection.execute(
                update(table)
                .where(positions)
                .values(attempts=table.c.attempts + 1, last_error=describe_failure(failure))
            )
        raise failure

    async def purge(self, published_before: datetime) -> int:
        async with self._engine.begin() as connection:
            result = await connection.execute(
                delete(table).where(table.c.published_at < published_before)
            )
            return int(result.rowcount)

    async def pending(self) -> int:
        """How many messages wait to be published (for tests and metrics)."""
        async with self._engine.connect() as connection:
            count = await connection.scalar(select(func.count()).where(unpublished))
            return int(count or 0)

    async def backlog(self) -> tuple[int, datetime | None]:
        """How many messages wait, and when the oldest of them happened (for the metrics)."""
        async with self._engine.connect() as connection:
            waiting = (
                await connection.execute(
                    select(func.count(), func.min(table.c.occurred_at)).where(unpublished)
                )
            ).one()
            return int(waiting[0] or 0), waiting[1]


def outbox_store(database: Database) -> SqlOutboxStore:
    """The outbox of ``database``, for the relay (and for tests that read it)."""
    return SqlOutboxStore(database.engine)


async def store_events(database: Database, events: Sequence[IntegrationEvent]) -> None:
    """Store ``events`` in the outbox in a transaction of their own (outside any unit of work)."""
    async with database.session_factory() as session:
        await SqlOutbox(session).publish(events)
        await session.commit()
