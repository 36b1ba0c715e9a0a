"""Integration events over RabbitMQ, through FastStream: durable, at least once, with retries.

Topology, every name prefixed with ``<ns>``, the ``broker_namespace`` setting (the project slug):

- ``<ns>.events``: a durable topic exchange. Each event is published to it with its name as the
  routing key: persistent, confirmed by the broker, message id = event id, JSON body.
- ``<ns>.<consumer>``: one durable quorum queue per consumer (a context), bound to the exchange
  with each event name the consumer subscribed to. Every consumer gets every event; the
  replicas of one consumer share its queue, each message going to one of them. Events
  published while no replica runs wait in the queue.
- ``<ns>.<consumer>.retry``: a message whose handler failed waits out its backoff here (its own
  expiration), then expires back into ``<ns>.<consumer>`` alone. The attempt number travels in
  the ``attempt`` header. A message never leaves the queue before its backoff, though one with
  a short backoff may wait behind one with a longer backoff.
- ``<ns>.<consumer>.dead-letter``: messages that failed ``broker_max_attempts`` times or are not
  integration events. The consumer's queue dead-letters into it when a message is rejected.

A name the consumer no longer subscribes to stays bound to its queue until unbound by hand;
such events are acknowledged without a handler.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Self

import structlog
from faststream.middlewares import AckPolicy
from faststream.rabbit import (
    Channel,
    ExchangeType,
    QueueType,
    RabbitBroker,
    RabbitExchange,
    RabbitQueue,
)
from faststream.rabbit.annotations import RabbitMessage

from {{ cookiecutter.package_name }}.infrastructure.event_delivery import (
    CONTENT_TYPE,
    EVENT_NAME_HEADER,
    EventBusBase,
    HandlersByName,
    RetryPolicy,
    consume,
    raw_body,
)
from {{ cookiecutter.package_name }}.shared.events import IntegrationEvent
from {{ cookiecutter.package_name }}.shared.broker_settings import BrokerSettings

ATTEMPT_HEADER = "attempt"

logger = structlog.get_logger(__name__)


def attempt_of(headers: dict[str, Any]) -> int:
    """The attempt number a message carries (1 when it has none, or a nonsensical one)."""
    value = headers.get(ATTEMPT_HEADER, 1)
    try:
        attempt = int(value)
    except (TypeError, ValueError):
        return 1
    return max(attempt, 1)


class BrokerEventBus(EventBusBase):
    """An EventPublisher on RabbitMQ that also delivers events to the subscribed handlers."""

    broker_name = "RabbitMQ"

    def __init__(
        self,
        url: str,
        *,
        namespace: str,
        policy: RetryPolicy,
        publish_timeout: float = 10.0,
        prefetch_count: int = 10,
    ) -> None:
        super().__init__()
        self._broker = RabbitBroker(
            url,
            timeout=publish_timeout,
            default_channel=Channel(prefetch_count=prefetch_count),
            # Connection and per-message lines go through the application's logging.
            logger=logging.getLogger("faststream"),
            log_level=logging.DEBUG,
        )
        self._namespace = namespace
        self._policy = policy
        self._publish_timeout = publish_timeout
        self._exchange = RabbitExchange(
            f"{namespace}.events", type=ExchangeType.TOPIC, durable=True
        )

    @classmethod
    def from_settings(cls, settings: BrokerSettings) -> Self:
        return cls(
            settings.broker_url,
            namespace=settings.broker_namespace,
            policy=RetryPolicy.from_settings(settings),
            publish_timeout=settings.broker_publish_timeout_seconds,
            prefetch_count=settings.broker_prefetch_count,
        )

    def queue_name(self, consumer: str) -> str:
        return f"{self._namespace}.{consumer}"

    def retry_queue_name(self, consumer: str) -> str:
        return f"{self._namespace}.{consumer}.retry"

    def dead_letter_queue_name(self, consumer: str) -> str:
        return f"{self._namespace}.{consumer}.dead-letter"

    async def start(self) -> None:
        """Connect, declare the exchange and every consumer's queues, and start consuming."""
        await self._connect()
        exchange = await self._broker.declare_exchange(self._exchange)
        for consumer, handlers in self._subscriptions.by_consumer().items():
            queue = self._consumer_queue(consumer)
            declared = await self._broker.declare_queue(queue)
            for name in handlers:
                await declared.bind(exchange, routing_key=name)
            await self._broker.declare_queue(self._retry_queue(consumer))
            await self._broker.declare_queue(self._dead_letter_queue(consumer))
            self._broker.subscriber(queue, ack_policy=AckPolicy.MANUAL, decoder=raw_body)(
                self._handle(consumer, handlers)
            )
        self._started = True
        await self._broker.start()

    async def close(self) -> None:
        """Stop consuming (letting running handlers finish) and disconnect; safe to repeat."""
        self._connected = False
        await self._broker.stop()

    async def _publish(self, event: IntegrationEvent) -> None:
        """Publish to the exchange; RabbitMQ confirms it (publisher confirms)."""
        await self._broker.publish(
            event.to_json().encode(),
            exchange=self._exchange,
            routing_key=event.name,
            message_id=str(event.id),
            correlation_id=str(event.id),
            content_type=CONTENT_TYPE,
            headers={EVENT_NAME_HEADER: event.name},
            persist=True,
            # An event nobody subscribed to is not an error.
            mandatory=False,
            timeout=self._publish_timeout,
        )

    async def _ping(self) -> bool:
        return await self._broker.ping(timeout=self._publish_timeout)

    async def _open(self) -> None:
        await self._broker.connect()
        await self._broker.declare_exchange(self._exchange)

    def _consumer_queue(self, consumer: str) -> RabbitQueue:
        return RabbitQueue(
            self.queue_name(consumer),
            queue_type=QueueType.QUORUM,
            durable=True,
            arguments={
                "x-dead-letter-exchange": "",
                "x-dead-letter-routing-key": self.dead_letter_queue_name(consumer),
            },
        )

    def _retry_queue(self, consumer: str) -> RabbitQueue:
        return RabbitQueue(
            self.retry_queue_name(consumer),
            queue_type=QueueType.QUORUM,
            durable=True,
            arguments={
                "x-dead-letter-exchange": "",
                "x-dead-letter-routing-key": self.queue_name(consumer),
            },
        )

    def _dead_letter_queue(self, consumer: str) -> RabbitQueue:
        return RabbitQueue(
            self.dead_letter_queue_name(consumer), queue_type=QueueType.QUORUM, durable=True
        )

    def _handle(
        self, consumer: str, handlers: HandlersByName
    ) -> Callable[[RabbitMessage], Awaitable[None]]:
        async def handle(message: RabbitMessage) -> None:
            await consume(
                message,
                consumer=consumer,
                handlers=handlers,
                policy=self._policy,
                attempt=attempt_of(message.headers),
                message_id=message.message_id,
                # The queue's dead-letter routing moves it to <ns>.<consumer>.dead-letter.
                dead_letter=lambda _reason: message.reject(requeue=False),
                retry_later=lambda delay, attempt: self._retry_later(
                    message, consumer, attempt, delay
                ),
            )

        return handle

    async def _retry_later(
        self, message: RabbitMessage, consumer: str, attempt: int, delay: float
    ) -> None:
        try:
            await self._broker.publish(
                message.body,
                queue=self.retry_queue_name(consumer),
                message_id=message.message_id,
                correlation_id=message.correlation_id,
                content_type=message.content_type,
                headers={**message.headers, ATTEMPT_HEADER: attempt},
                expiration=delay,
                persist=True,
                timeout=self._publish_timeout,
            )
        except Exception:
            # Not parked for a retry: back to the queue, after the backoff (no hot loop).
            logger.exception("event_retry_not_scheduled", consumer=consumer, attempt=attempt)
            await asyncio.sleep(delay)
            with contextlib.suppress(Exception):
                await message.nack(requeue=True)
            return
        await message.ack()
