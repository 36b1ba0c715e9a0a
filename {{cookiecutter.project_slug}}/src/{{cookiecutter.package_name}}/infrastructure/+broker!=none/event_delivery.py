"""What every broker adapter shares: the wire form, the subscriptions and what a delivery means.

The adapter (``infrastructure/broker.py``) is a ``BrokerEventBus`` on ``EventBusBase``, which
holds the subscriptions, connects once and publishes event by event; the adapter moves the
messages. ``consume`` runs one received message through ``deliver``, which decides what became
of one delivery, an attempt to hand one message to the handlers its consumer subscribed:

- a body that is not an integration event is dead-lettered at once: no retry can fix it;
- when every handler returns, the message is acknowledged;
- when a handler raises, the message comes back after a backoff that doubles with each attempt
  (``broker_retry_backoff_seconds``, at most ``broker_retry_backoff_max_seconds``), and after
  ``broker_max_attempts`` attempts it is dead-lettered for that consumer.

Delivery is at least once: a handler may see an event again (a retry after another handler of
the same consumer failed, a crash before the acknowledgement, a publish the outbox repeated),
so handlers ignore an ``event.id`` they have already handled.
"""

import asyncio
import re
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, Self, TypeAlias

import structlog
from faststream.message import StreamMessage

from {{ cookiecutter.package_name }}.shared.metrics import EVENTS_CONSUMED, EVENTS_DEAD_LETTERED, EVENTS_RETRIED
from {{ cookiecutter.package_name }}.shared.tracing import consuming, publishing
from {{ cookiecutter.package_name }}.shared.events import (
    EventHandler,
    IntegrationEvent,
    MalformedEventError,
)

logger = structlog.get_logger(__name__)

CONTENT_TYPE = "application/json"
EVENT_NAME_HEADER = "event-name"

# A consumer is a context name; an event name is dot-separated words (``catalog.product.created``).
CONSUMER_NAME = re.compile(r"[a-z][a-z0-9_]*")
EVENT_NAME = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+)*")

# Beyond this many doublings the backoff is at its cap anyway (and 2**n stays a float).
_MAX_DOUBLINGS = 32


class RetrySettings(Protocol):
    """What a delivery's retries read of the settings (the broker settings of a service)."""

    @property
    def broker_max_attempts(self) -> int: ...

    @property
    def broker_retry_backoff_seconds(self) -> float: ...

    @property
    def broker_retry_backoff_max_seconds(self) -> float: ...


class EventPublishError(ConnectionError):
    """The broker did not accept an event (unreachable, refused, or no confirmation in time)."""


@dataclass(frozen=True)
class RetryPolicy:
    """How often a failing delivery is tried, and how long it waits between two attempts."""

    max_attempts: int
    backoff_seconds: float
    max_backoff_seconds: float

    @classmethod
    def from_settings(cls, settings: RetrySettings) -> Self:
        return cls(
            max_attempts=settings.broker_max_attempts,
            backoff_seconds=settings.broker_retry_backoff_seconds,
            max_backoff_seconds=settings.broker_retry_backoff_max_seconds,
        )

    def delay(self, attempt: int) -> float:
        """Seconds to wait after attempt number ``attempt`` (1 for the first) failed."""
        doublings = min(max(attempt - 1, 0), _MAX_DOUBLINGS)
        return min(self.backoff_seconds * 2.0**doublings, self.max_backoff_seconds)


@dataclass(frozen=True)
class Processed:
    """Every handler returned (or the consumer has none for this event): acknowledge it."""


@dataclass(frozen=True)
class RetryLater:
    """A handler failed: deliver the message again in ``delay`` seconds."""

    delay: float


@dataclass(frozen=True)
class DeadLetter:
    """Never deliver the message to this consumer again: move it to its dead letters."""

    reason: str


Verdict: TypeAlias = Processed | RetryLater | DeadLetter

HandlersByName: TypeAlias = Mapping[str, Sequence[EventHandler]]


class Subscriptions:
    """The handlers of each consumer, by event name, in the order they subscribed."""

    def __init__(self) -> None:
        self._handlers: dict[str, dict[str, list[EventHandler]]] = {}

    def add(self, consumer: str, name: str, handler: EventHandler) -> None:
        if not CONSUMER_NAME.fullmatch(consumer):
            msg = f"consumer {consumer!r} must be a lowercase identifier, e.g. a context name"
            raise ValueError(msg)
        if not EVENT_NAME.fullmatch(name):
            msg = f"event name {name!r} must be lowercase words joined by dots"
            raise ValueError(msg)
        self._handlers.setdefault(consumer, {}).setdefault(name, []).append(handler)

    def by_consumer(self) -> dict[str, HandlersByName]:
        """Each consumer and its handlers by event name."""
        return {consumer: dict(names) for consumer, names in self._handlers.items()}

    def pairs(self) -> list[tuple[str, str, HandlersByName]]:
        """Each (consumer, event name) with the handlers of that one name."""
        return [
            (consumer, name, {name: handlers})
            for consumer, names in self._handlers.items()
            for name, handlers in names.items()
        ]


async def raw_body(message: StreamMessage[Any]) -> bytes:
    """Hand the handler the body as received: it is parsed (or found malformed) by ``deliver``."""
    return message.body


class EventBusBase(ABC):
    """An EventBus on a broker: subscriptions taken before it starts, one connection opened
    once (by ``start`` or by the first ``publish``), events published one by one in order.
    """

    # The broker's name in errors: "RabbitMQ did not accept event ...".
    broker_name: ClassVar[str]

    def __init__(self) -> None:
        self._subscriptions = Subscriptions()
        self._connect_lock = asyncio.Lock()
        self._connected = False
        self._started = False

    def subscribe(self, name: str, handler: EventHandler, *, consumer: str) -> None:
        """Before ``start``: deliver every event named ``name`` to ``handler``, for ``consumer``."""
        if self._started:
            msg = "subscribe handlers before the event bus starts"
            raise RuntimeError(msg)
        self._subscriptions.add(consumer, name, handler)

    async def publish(self, events: Sequence[IntegrationEvent]) -> None:
        """Publish ``events`` in order; return once the broker has stored every one of them.

        Raises EventPublishError when the broker cannot be reached or does not confirm one.
        """
        for stored in events:
            try:
                await self._connect()
                with publishing(stored, self.broker_name) as event:
                    await self._publish(event)
            except Exception as error:
                broker, what = self.broker_name, f"event {stored.id} ({stored.name})"
                msg = f"{broker} did not accept {what}: {error!r}"
                raise EventPublishError(msg) from error

    async def ping(self) -> bool:
        """Whether the broker answers now."""
        if not self._connected:
            return False
        try:
            return await self._ping()
        except Exception:  # any failure means: not reachable now
            return False

    async def _connect(self) -> None:
        async with self._connect_lock:
            if self._connected:
                return
            await self._open()
            self._connected = True

    @abstractmethod
    async def _open(self) -> None:
        """Connect, and declare what publishing needs."""

    @abstractmethod
    async def _publish(self, event: IntegrationEvent) -> None:
        """Publish one event; return once the broker stored it."""

    @abstractmethod
    async def _ping(self) -> bool:
        """A round trip to the broker."""


async def deliver(
    body: bytes,
    *,
    consumer: str,
    handlers: HandlersByName,
    attempt: int,
    policy: RetryPolicy,
    message_id: str | None = None,
) -> Verdict:
    """Parse ``body`` and run the consumer's handlers of its name; say what to do with it."""
    try:
        event = IntegrationEvent.from_json(body)
    except MalformedEventError as error:
        logger.error(
            "event_dead_lettered",
            consumer=consumer,
            message_id=message_id,
            reason="malformed",
            error=str(error),
        )
        EVENTS_DEAD_LETTERED.labels(consumer).inc()
        return DeadLetter(f"malformed: {error}")
    context: dict[str, Any] = {
        "event_id": str(event.id),
        "event_name": event.name,
        "consumer": consumer,
        "attempt": attempt,
    }
    # The trace and request id of the change that produced the event, on every line logged.
    with consuming(event, consumer):
        for handler in handlers.get(event.name, ()):
            try:
                await handler(event)
            except Exception as error:
                verdict = _after_failure(error, handler, policy, context)
                if isinstance(verdict, RetryLater):
                    EVENTS_RETRIED.labels(consumer, event.name).inc()
                else:
                    EVENTS_DEAD_LETTERED.labels(consumer).inc()
                return verdict
    EVENTS_CONSUMED.labels(consumer, event.name).inc()
    return Processed()


def _after_failure(
    error: Exception, handler: EventHandler, policy: RetryPolicy, context: dict[str, Any]
) -> Verdict:
    handler_name = getattr(handler, "__qualname__", repr(handler))
    attempt: int = context["attempt"]
    if attempt < policy.max_attempts:
        delay = policy.delay(attempt)
        logger.warning(
            "event_handler_failed",
            handler=handler_name,
            max_attempts=policy.max_attempts,
            retry_in_seconds=delay,
            exc_info=error,
            **context,
        )
        return RetryLater(delay)
    logger.error(
        "event_dead_lettered",
        handler=handler_name,
        reason="handler failed",
        exc_info=error,
        **context,
    )
    return DeadLetter(f"{type(error).__name__}: {error}")


async def consume(
    message: StreamMessage[Any],
    *,
    consumer: str,
    handlers: HandlersByName,
    policy: RetryPolicy,
    attempt: int,
    message_id: str | None,
    dead_letter: Callable[[str], Awaitable[None]],
    retry_later: Callable[[float, int], Awaitable[None]] | None = None,
) -> None:
    """Deliver one received message and settle it as its verdict says.

    Processed: acknowledged. Dead letter: ``dead_letter(reason)``. Retry: ``retry_later(delay,
    next attempt)`` hands it back to the broker; without one, the message is tried again here
    after its backoff, holding back the messages behind it (a log keeps their order).
    """
    while True:
        verdict = await deliver(
            message.body,
            consumer=consumer,
            handlers=handlers,
            attempt=attempt,
            policy=policy,
            message_id=message_id,
        )
        match verdict:
            case Processed():
                await message.ack()
                return
            case DeadLetter(reason=reason):
                await dead_letter(reason)
                return
            case RetryLater(delay=delay) if retry_later is not None:
                await retry_later(delay, attempt + 1)
                return
            case RetryLater(delay=delay):
                await asyncio.sleep(delay)
                attempt += 1
