"""The in-process event bus, and how the application keeps its bus (or broker) connected."""

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import AsyncIterator, Sequence

import structlog

from {{ cookiecutter.package_name }}.shared.background import stop_task
from {{ cookiecutter.package_name }}.shared.events import EventBus, EventHandler, IntegrationEvent
from {{ cookiecutter.package_name }}.shared.metrics import EVENTS_CONSUMED, EVENTS_DEAD_LETTERED
from {{ cookiecutter.package_name }}.shared.tracing import consuming, publishing

logger = structlog.get_logger(__name__)

# How long shutting down waits for a connection attempt under way to give up.
STOP_TIMEOUT_SECONDS = 5.0


class InProcessEventBus:
    """An EventPublisher that calls the handlers subscribed to each event's name, in order.

    The outbox relay publishes on it, only events whose change was committed, so by the time a
    handler runs the state change is already durable. A handler that raises is therefore logged
    (with the event id and name) and skipped: the other handlers still get the event, and the
    relay marks it published; the bus does not give it to that handler again. Events never
    leave the process: a broker adapter behind the same EventBus port carries them further.
    """

    def __init__(self) -> None:
        self._handlers: defaultdict[str, list[tuple[str, EventHandler]]] = defaultdict(list)

    def subscribe(self, name: str, handler: EventHandler, *, consumer: str = "") -> None:
        """Call ``handler`` with every event named ``name`` (e.g. ``catalog.product.created``).

        Handlers of one name run one after the other, in the order they subscribed;
        ``consumer`` (the subscribing context) names them in the log when they fail.
        """
        self._handlers[name].append((consumer, handler))

    async def start(self) -> None:
        """Nothing to connect: handlers are called in this process."""

    async def close(self) -> None:
        """Nothing to disconnect."""

    def handlers(self, name: str) -> tuple[EventHandler, ...]:
        """The handlers subscribed to ``name``, in delivery order."""
        return tuple(handler for _consumer, handler in self._handlers.get(name, ()))

    async def publish(self, events: Sequence[IntegrationEvent]) -> None:
        """Deliver each event, in order, to every handler of its name; failures are logged."""
        for stored in events:
            with publishing(stored, "in-process") as event:
                for consumer, handler in self._handlers.get(event.name, ()):
                    await self._deliver(event, consumer, handler)

    async def _deliver(self, event: IntegrationEvent, consumer: str, handler: EventHandler) -> None:
        with consuming(event, consumer or "in-process"):
            try:
                await handler(event)
            except Exception:
                logger.exception(
                    "event_handler_failed",
                    event_id=str(event.id),
                    event_name=event.name,
                    consumer=consumer,
                    handler=getattr(handler, "__qualname__", repr(handler)),
                )
                EVENTS_DEAD_LETTERED.labels(consumer).inc()
            else:
                EVENTS_CONSUMED.labels(consumer, event.name).inc()


async def keep_starting(bus: EventBus, first_delay: float, max_delay: float) -> None:
    """Start ``bus``, retrying with doubling delays until it starts.

    The service runs meanwhile: writes succeed, their events wait in the outbox, and the
    relay publishes them once the broker is reachable.
    """
    delay = first_delay
    while True:
        try:
            await bus.start()
        except Exception as error:
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                # The application stopped while connecting; the client reported it its own way.
                raise asyncio.CancelledError from error
            logger.warning(
                "event_bus_unavailable",
                error=f"{type(error).__name__}: {error}",
                retry_in_seconds=delay,
            )
            await asyncio.sleep(delay)
            delay = min(max_delay, delay * 2)
        else:
            return


@contextlib.asynccontextmanager
async def connected(bus: EventBus, first_delay: float, max_delay: float) -> AsyncIterator[None]:
    """Keep ``bus`` starting in the background while the application runs; close it after."""
    starting = asyncio.create_task(keep_starting(bus, first_delay, max_delay), name="event-bus")
    try:
        yield
    finally:
        if not await stop_task(starting, STOP_TIMEOUT_SECONDS):
            logger.error("event_bus_start_not_stopped", waited_seconds=STOP_TIMEOUT_SECONDS)
        await bus.close()
