"""The outbox relay: hands committed integration events to the publisher, in order, at least once.

Use cases store their integration events in the outbox table in the same transaction as the
change they describe (see ``store``), so an event exists exactly when its change was committed.
The relay then reads the unpublished messages, oldest first, gives them to the publisher (the
in-process bus, or the broker) and marks them published only once the publisher accepted them.
A publisher that fails leaves them in place: they are retried with backoff, in the same order,
and never lost. A crash between publishing and marking publishes a batch again, so consumers
must ignore duplicates (every event carries its id).

Several replicas may run a relay on one database: each batch is locked while it is relayed
(``FOR UPDATE SKIP LOCKED`` where the database has it), so one replica relays it.
"""

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

import structlog

from {{ unit.shared }}.background import stop_task
from {{ unit.shared }}.clock import Clock
from {{ unit.shared }}.events import EventPublisher, IntegrationEvent
from {{ unit.shared }}.metrics import OUTBOX_RELAY_FAILURES

logger = structlog.get_logger(__name__)

Deliver = Callable[[Sequence[IntegrationEvent]], Awaitable[None]]

# What is kept of a publisher's failure on the messages it failed to publish.
ERROR_MAX_LENGTH = 2000


def describe_failure(error: Exception) -> str:
    """The failure as noted on the messages: its type and message, cut to the column's size."""
    return f"{type(error).__name__}: {error}"[:ERROR_MAX_LENGTH]


async def attempt(deliver: Deliver, events: Sequence[IntegrationEvent]) -> Exception | None:
    """Deliver ``events``; the exception it raised, or None when it succeeded."""
    try:
        await deliver(events)
    except Exception as error:
        return error
    return None


class OutboxStore(Protocol):
    """The outbox table, as the relay sees it."""

    async def relay(self, limit: int, deliver: Deliver, now: datetime) -> int:
        """Lock up to ``limit`` unpublished messages, oldest first, and ``deliver`` them.

        When ``deliver`` returns, mark them published at ``now`` and return how many there
        were; when it raises, note the failure on them and raise it again.
        """

    async def purge(self, published_before: datetime) -> int:
        """Delete the messages published before ``published_before``; return how many."""


class OutboxSettings(Protocol):
    """What the relay reads of the settings (the ``outbox_`` ones)."""

    @property
    def outbox_batch_size(self) -> int: ...

    @property
    def outbox_poll_interval_seconds(self) -> float: ...

    @property
    def outbox_max_backoff_seconds(self) -> float: ...

    @property
    def outbox_retention_hours(self) -> float: ...


@dataclass(frozen=True)
class RelayPolicy:
    """How often and how much the relay works; see the outbox settings."""

    batch_size: int = 100
    poll_interval: timedelta = timedelta(seconds=1)
    max_backoff: timedelta = timedelta(seconds=30)
    retention: timedelta = timedelta(days=7)
    purge_interval: timedelta = timedelta(hours=1)
    # How long stop() lets the round under way finish, then how long it waits for a cancel.
    stop_timeout: timedelta = timedelta(seconds=5)

    @classmethod
    def from_settings(cls, settings: OutboxSettings) -> "RelayPolicy":
        return cls(
            batch_size=settings.outbox_batch_size,
            poll_interval=timedelta(seconds=settings.outbox_poll_interval_seconds),
            max_backoff=timedelta(seconds=settings.outbox_max_backoff_seconds),
            retention=timedelta(hours=settings.outbox_retention_hours),
        )

    def backoff(self, failures: int) -> float:
        """Seconds to wait after ``failures`` failed rounds in a row: doubling, capped."""
        base = self.poll_interval.total_seconds()
        return min(self.max_backoff.total_seconds(), base * 2.0 ** min(failures, 32))


class OutboxRelay:
    """Moves messages from the outbox to the publisher in a background task of the process."""

    def __init__(
        self,
        store: OutboxStore,
        publisher: EventPublisher,
        clock: Clock,
        policy: RelayPolicy | None = None,
    ) -> None:
        self._store = store
        self._publisher = publisher
        self._clock = clock
        self._policy = policy or RelayPolicy()
        self._wake = asyncio.Event()
        # One round at a time in this process, whether from the task or from flush().
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._last_purge: datetime | None = None

    def wake(self) -> None:
        """Ask for a round now (called after a commit that stored events)."""
        self._wake.set()

    async def relay_once(self) -> int:
        """Relay one batch; return how many messages were published."""
        async with self._lock:
            return await self._store.relay(
                self._policy.batch_size, self._publisher.publish, self._clock.now()
            )

    async def flush(self) -> int:
        """Relay until the outbox is empty; return how many were published. Raises on failure."""
        total = 0
        while sent := await self.relay_once():
            total += sent
        return total

    async def purge_if_due(self) -> int:
        """Delete published messages older than the retention, at most once per interval."""
        now = self._clock.now()
        if self._last_purge is not None and now - self._last_purge < self._policy.purge_interval:
            return 0
        self._last_purge = now
        return await self._store.purge(now - self._policy.retention)

    async def run(self, stopping: asyncio.Event) -> None:
        """Relay until ``stopping`` is set: at every wake-up, else every poll interval.

        While rounds fail it backs off (doubling, capped) and ignores wake-ups. Once
        ``stopping`` is set it finishes the batch under way and returns, so a shutdown never
        cancels a transaction half-way (some drivers swallow such a cancellation).
        """
        failures = 0
        while not stopping.is_set():
            try:
                while not stopping.is_set() and await self.relay_once():
                    pass
                await self.purge_if_due()
            except Exception as error:
                failures += 1
                OUTBOX_RELAY_FAILURES.inc()
                logger.warning(
                    "outbox_relay_failed",
                    error=f"{type(error).__name__}: {error}",
                    failures=failures,
                    retry_in_seconds=self._policy.backoff(failures),
                )
                await self._pause(stopping, self._policy.backoff(failures), until_woken=False)
                continue
            failures = 0
            poll = self._policy.poll_interval.total_seconds()
            await self._pause(stopping, poll, until_woken=True)

    async def _pause(self, stopping: asyncio.Event, seconds: float, *, until_woken: bool) -> None:
        """Wait ``seconds``; less when ``stopping`` is set, or at a wake-up if ``until_woken``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while not stopping.is_set() and loop.time() < deadline:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout_at(deadline):
                    await self._wake.wait()
            if until_woken:
                break
            # A commit during a backoff does not end it: the publisher is still failing.
            if not stopping.is_set():
                self._wake.clear()
        self._wake.clear()

    def start(self) -> None:
        """Run the relay in a background task of the running event loop."""
        if self._task is None or self._task.done():
            self._stopping = asyncio.Event()
            self._task = asyncio.create_task(self.run(self._stopping), name="outbox-relay")

    async def stop(self) -> None:
        """Stop the background task after its round; what is left waits for the next start."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping.set()
        self._wake.set()
        grace = self._policy.stop_timeout.total_seconds()
        await asyncio.wait({task}, timeout=grace)
        if not await stop_task(task, grace):
            logger.error("outbox_relay_not_stopped", waited_seconds=2 * grace)
