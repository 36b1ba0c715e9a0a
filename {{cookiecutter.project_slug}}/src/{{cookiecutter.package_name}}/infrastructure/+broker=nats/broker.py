"""Integration events over NATS JetStream, through FastStream: durable, at least once, with retries.

Topology, every name prefixed with ``<ns>``, the ``broker_namespace`` setting (the project slug):

- stream ``<ns>-events`` holds subjects ``<ns>.events.>``; each event is published on
  ``<ns>.events.<event name>`` and acknowledged by the stream before ``publish`` returns. Its
  ``Nats-Msg-Id`` is the event id, so the stream drops a repeat published within its duplicate
  window. The stream keeps a message until every durable consumer interested in it has
  acknowledged it (interest retention).
- durable pull consumer ``<consumer>-<event name, dots as dashes>`` on that stream, one per
  consumer (a context) and event name, created when the bus starts. Every consumer gets every
  event; the replicas of one consumer pull from the same durable consumer, each message going
  to one of them. Events published while no replica runs wait for it.
- a message whose handler failed is negatively acknowledged with a delay (the backoff); JetStream
  counts its deliveries, and one not acknowledged within ``broker_ack_wait_seconds`` (its
  process stuck or gone) is delivered again.
- stream ``<ns>-dead-letters`` holds subjects ``<ns>.dead-letters.>``: messages that failed
  ``broker_max_attempts`` times or are not integration events are copied to
  ``<ns>.dead-letters.<consumer>``, with the reason in the ``dead-letter-reason`` header, and
  then acknowledged.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Self

import structlog
from faststream.middlewares import AckPolicy
from faststream.nats import JStream, NatsBroker, PullSub
from faststream.nats.annotations import NatsMessage
from nats.js import JetStreamContext, api
from nats.js.errors import BadRequestError

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

REASON_HEADER = "dead-letter-reason"
MESSAGE_ID_HEADER = "Nats-Msg-Id"
# A header value is one line of text; a reason is cut to this length.
REASON_MAX_LENGTH = 500

logger = structlog.get_logger(__name__)


class BrokerEventBus(EventBusBase):
    """An EventPublisher on NATS JetStream that also delivers events to the subscribed handlers."""

    broker_name = "NATS"

    def __init__(
        self,
        url: str,
        *,
        namespace: str,
        policy: RetryPolicy,
        publish_timeout: float = 10.0,
        ack_wait: float = 30.0,
        prefetch_count: int = 10,
    ) -> None:
        super().__init__()
        self._broker = NatsBroker(
            url,
            connect_timeout=max(round(publish_timeout), 1),
            # Connection and per-message lines go through the application's logging.
            logger=logging.getLogger("faststream"),
            log_level=logging.DEBUG,
        )
        self._namespace = namespace
        self._policy = policy
        self._publish_timeout = publish_timeout
        self._ack_wait = ack_wait
        self._prefetch_count = prefetch_count

    @classmethod
    def from_settings(cls, settings: BrokerSettings) -> Self:
        return cls(
            settings.broker_url,
            namespace=settings.broker_namespace,
            policy=RetryPolicy.from_settings(settings),
            publish_timeout=settings.broker_publish_timeout_seconds,
            ack_wait=settings.broker_ack_wait_seconds,
            prefetch_count=settings.broker_prefetch_count,
        )

    @property
    def events_stream(self) -> str:
        return f"{self._namespace}-events"

    @property
    def dead_letter_stream(self) -> str:
        return f"{self._namespace}-dead-letters"

    def subject(self, name: str) -> str:
        return f"{self._namespace}.events.{name}"

    def dead_letter_subject(self, consumer: str) -> str:
        return f"{self._namespace}.dead-letters.{consumer}"

    @staticmethod
    def durable_name(consumer: str, name: str) -> str:
        return f"{consumer}-{name.replace('.', '-')}"

    async def start(self) -> None:
        """Connect, declare the streams and durable consumers, and start consuming."""
        await self._connect()
        jetstream = self._broker.connection.jetstream()
        stream = JStream(self.events_stream, declare=False)
        for consumer, name, handlers in self._subscriptions.pairs():
            durable = self.durable_name(consumer, name)
            config = api.ConsumerConfig(
                durable_name=durable,
                filter_subject=self.subject(name),
                deliver_policy=api.DeliverPolicy.NEW,
                ack_policy=api.AckPolicy.EXPLICIT,
                ack_wait=self._ack_wait,
                max_deliver=-1,
                max_ack_pending=max(self._prefetch_count, 1) * 100,
            )
            await jetstream.add_consumer(self.events_stream, config)
            self._broker.subscriber(
                self.subject(name),
                stream=stream,
                durable=durable,
                pull_sub=PullSub(batch_size=self._prefetch_count, timeout=1.0),
                ack_policy=AckPolicy.MANUAL,
                decoder=raw_body,
            )(self._handle(consumer, handlers))
        self._started = True
        await self._broker.start()

    async def close(self) -> None:
        """Stop consuming (letting running handlers finish) and disconnect; safe to repeat."""
        self._connected = False
        await self._broker.stop()

    async def _publish(self, event: IntegrationEvent) -> None:
        """Publish to the events stream; JetStream acknowledges once it stored it."""
        await self._broker.publish(
            event.to_json().encode(),
            self.subject(event.name),
            headers={
                "content-type": CONTENT_TYPE,
                EVENT_NAME_HEADER: event.name,
                MESSAGE_ID_HEADER: str(event.id),
            },
            correlation_id=str(event.id),
            stream=self.events_stream,
            timeout=self._publish_timeout,
        )

    async def _ping(self) -> bool:
        await self._broker.connection.flush(timeout=max(round(self._publish_timeout), 1))
        return True

    async def _open(self) -> None:
        # The client retries a refused first connection for minutes: give up sooner.
        async with asyncio.timeout(self._publish_timeout):
            await self._broker.connect()
        jetstream = self._broker.connection.jetstream()
        await _declare_stream(
            jetstream,
            api.StreamConfig(
                name=self.events_stream,
                subjects=[f"{self._namespace}.events.>"],
                retention=api.RetentionPolicy.INTEREST,
                storage=api.StorageType.FILE,
            ),
        )
        await _declare_stream(
            jetstream,
            api.StreamConfig(
                name=self.dead_letter_stream,
                subjects=[f"{self._namespace}.dead-letters.>"],
                retention=api.RetentionPolicy.LIMITS,
                storage=api.StorageType.FILE,
            ),
        )

    def _handle(
        self, consumer: str, handlers: HandlersByName
    ) -> Callable[[NatsMessage], Awaitable[None]]:
        async def handle(message: NatsMessage) -> None:
            await consume(
                message,
                consumer=consumer,
                handlers=handlers,
                policy=self._policy,
                attempt=max(message.raw_message.metadata.num_delivered, 1),
                message_id=message.headers.get(MESSAGE_ID_HEADER),
                dead_letter=lambda reason: self._dead_letter(message, consumer, reason),
                # JetStream redelivers it once the delay is over, counting the deliveries.
                retry_later=lambda delay, _attempt: message.nack(delay=delay),
            )

        return handle

    async def _dead_letter(self, message: NatsMessage, consumer: str, reason: str) -> None:
        sequence = message.raw_message.metadata.sequence.stream
        headers = {
            **{key: str(value) for key, value in message.headers.items()},
            REASON_HEADER: " ".join(reason.split())[:REASON_MAX_LENGTH],
            # Unique per consumer and message: several consumers may dead-letter one event.
            MESSAGE_ID_HEADER: f"{consumer}-{sequence}",
        }
        try:
            await self._broker.publish(
                message.body,
                self.dead_letter_subject(consumer),
                headers=headers,
                stream=self.dead_letter_stream,
                timeout=self._publish_timeout,
            )
        except Exception:
            # Not stored: the message comes back after the longest backoff and is tried again.
            logger.exception("event_dead_letter_failed", consumer=consumer, sequence=sequence)
            await message.nack(delay=self._policy.max_backoff_seconds)
            return
        await message.ack()


async def _declare_stream(jetstream: JetStreamContext, config: api.StreamConfig) -> None:
    """Create the stream, or bring an existing one to ``config``."""
    try:
        await jetstream.add_stream(config)
    except BadRequestError:
        await jetstream.update_stream(config)
