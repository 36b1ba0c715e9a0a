"""Integration events over Apache Kafka, through FastStream: durable, at least once, with retries.

Topology, every name prefixed with ``<ns>``, the ``broker_namespace`` setting (the project slug):

- topic ``<ns>.events.<event name>``, one per event name, created (``TOPIC_PARTITIONS``
  partitions) the first time this process publishes or subscribes to it. Each event is
  published with the id of its aggregate as the key, so the events of one entity keep their
  order in one partition; ``publish`` returns once every in-sync replica stored it (acks=all,
  idempotent producer, message id = event id in the ``message-id`` header).
- consumer group ``<ns>.<consumer>``, one per consumer (a context), subscribed to the topics of
  the event names it handles; ``start`` returns once the groups gave this process partitions.
  Every consumer gets every event; the replicas of one consumer share its group, each
  partition going to one of them. A group reads its topics from the start the first time it
  exists; afterwards from its committed offsets, so events published while no replica runs
  wait for it.
- offsets are committed after the handlers ran (never automatically): a process that stops or
  dies before it committed leaves the event to the next member of its group. A member that
  sends no heartbeat for ``broker_ack_wait_seconds`` (at least six seconds) is out of the group
  and its partitions go to another replica.
- a message whose handler failed is tried again in place after its backoff, holding back the
  messages behind it in its partition (their order is kept).
- topic ``<ns>.dead-letters.<consumer>``: messages that failed ``broker_max_attempts`` times or
  are not integration events, copied with their headers, the reason in ``dead-letter-reason``
  and where they came from in ``dead-letter-source``; then their offset is committed.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, Self

import structlog
from faststream.kafka import KafkaBroker, Topic
from faststream.kafka.annotations import KafkaMessage
from faststream.middlewares import AckPolicy

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

SCHEME = "kafka://"
MESSAGE_ID_HEADER = "message-id"
REASON_HEADER = "dead-letter-reason"
SOURCE_HEADER = "dead-letter-source"
# A header value is one line of text; a reason is cut to this length.
REASON_MAX_LENGTH = 500
# Partitions of each topic: how many replicas of one consumer can share its events.
TOPIC_PARTITIONS = 3
# Kafka brokers refuse a consumer session shorter than their group.min.session.timeout.ms.
MIN_SESSION_TIMEOUT_MS = 6000
ASSIGNMENT_POLL_SECONDS = 0.05

logger = structlog.get_logger(__name__)


def bootstrap_servers(url: str) -> list[str]:
    """The ``host:port`` pairs of ``kafka://host:port[,host:port...]``."""
    servers = url.removeprefix(SCHEME).rstrip("/")
    pairs = [pair.strip() for pair in servers.split(",") if pair.strip()]
    if not url.startswith(SCHEME) or not pairs:
        msg = f"a Kafka broker URL reads {SCHEME}HOST:PORT[,HOST:PORT...], not {url!r}"
        raise ValueError(msg)
    return pairs


class BrokerEventBus(EventBusBase):
    """An EventPublisher on Apache Kafka that also delivers events to the subscribed handlers."""

    broker_name = "Kafka"

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
        self._broker = KafkaBroker(
            bootstrap_servers(url),
            request_timeout_ms=max(round(publish_timeout * 1000), 1),
            acks="all",
            enable_idempotence=True,
            # Topics are created by the bus, with their partitions, never by a first message.
            allow_auto_create_topics=False,
            # Connection and per-message lines go through the application's logging.
            logger=logging.getLogger("faststream"),
            log_level=logging.DEBUG,
        )
        self._namespace = namespace
        self._policy = policy
        self._publish_timeout = publish_timeout
        self._session_timeout_ms = max(round(ack_wait * 1000), MIN_SESSION_TIMEOUT_MS)
        self._prefetch_count = prefetch_count
        self._topics: set[str] = set()
        self._topics_lock = asyncio.Lock()
        # Subscribers are registered once, though a start that failed is tried again.
        self._registered = False
        self._subscribers: list[Any] = []

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

    def topic(self, name: str) -> str:
        return f"{self._namespace}.events.{name}"

    def dead_letter_topic(self, consumer: str) -> str:
        return f"{self._namespace}.dead-letters.{consumer}"

    def group(self, consumer: str) -> str:
        return f"{self._namespace}.{consumer}"

    async def start(self) -> None:
        """Connect, create the topics, join every consumer's group and start consuming."""
        await self._connect()
        consumers = self._subscriptions.by_consumer()
        await self._create_topics(
            [self.topic(name) for handlers in consumers.values() for name in handlers]
            + [self.dead_letter_topic(consumer) for consumer in consumers]
        )
        if not self._registered:
            for consumer, handlers in consumers.items():
                self._subscribe(consumer, handlers)
            self._registered = True
        self._started = True
        await self._broker.start()
        await self._until_assigned()

    async def _until_assigned(self) -> None:
        """Return once every group gave this process partitions, or after a session timeout.

        A replica beyond the number of partitions gets none: it waits for the bound, then runs
        idle until a rebalance gives it some.
        """
        deadline = asyncio.get_running_loop().time() + self._session_timeout_ms / 1000
        while asyncio.get_running_loop().time() < deadline:
            consumers = [subscriber.consumer for subscriber in self._subscribers]
            if all(consumer is not None and consumer.assignment() for consumer in consumers):
                return
            await asyncio.sleep(ASSIGNMENT_POLL_SECONDS)
        logger.warning("event_consumer_without_partitions", waited_ms=self._session_timeout_ms)

    def _subscribe(self, consumer: str, handlers: HandlersByName) -> None:
        """The consumer's group, on the topics of the event names it handles."""
        subscriber = self._broker.subscriber(
            *(self.topic(name) for name in handlers),
            group_id=self.group(consumer),
            auto_offset_reset="earliest",
            session_timeout_ms=self._session_timeout_ms,
            heartbeat_interval_ms=self._session_timeout_ms // 3,
            max_poll_records=self._prefetch_count,
            ack_policy=AckPolicy.MANUAL,
            decoder=raw_body,
        )
        subscriber(self._handle(consumer, handlers))
        self._subscribers.append(subscriber)

    async def close(self) -> None:
        """Stop consuming (letting running handlers finish) and disconnect; safe to repeat."""
        self._connected = False
        await self._broker.stop()

    async def _publish(self, event: IntegrationEvent) -> None:
        """Publish to the event's topic; Kafka acknowledges once its in-sync replicas stored it."""
        topic = self.topic(event.name)
        await self._create_topics([topic])
        await self._broker.publish(
            event.to_json().encode(),
            topic,
            key=str(event.aggregate_id).encode(),
            headers={
                "content-type": CONTENT_TYPE,
                EVENT_NAME_HEADER: event.name,
                MESSAGE_ID_HEADER: str(event.id),
            },
            correlation_id=str(event.id),
        )

    async def _ping(self) -> bool:
        return await self._broker.ping(timeout=self._publish_timeout)

    async def _open(self) -> None:
        # The client keeps retrying a broker that does not answer: give up sooner.
        async with asyncio.timeout(self._publish_timeout):
            await self._broker.connect()

    async def _create_topics(self, topics: Iterable[str]) -> None:
        """Create the topics this process has not seen yet; one that exists is left as it is."""
        async with self._topics_lock:
            missing = sorted(set(topics) - self._topics)
            if not missing:
                return
            admin = self._broker.config.broker_config.admin
            async with asyncio.timeout(self._publish_timeout):
                results = await admin.create_topics(
                    [Topic(topic, num_partitions=TOPIC_PARTITIONS) for topic in missing]
                )
            for result in results:
                if result.error is not None:
                    msg = f"topic {result.topic} could not be created: {result.error!r}"
                    raise ConnectionError(msg) from result.error
            self._topics.update(missing)

    def _handle(
        self, consumer: str, handlers: HandlersByName
    ) -> Callable[[KafkaMessage], Awaitable[None]]:
        async def handle(message: KafkaMessage) -> None:
            # A failed message is tried again in place: its partition keeps its order.
            await consume(
                message,
                consumer=consumer,
                handlers=handlers,
                policy=self._policy,
                attempt=1,
                message_id=message.headers.get(MESSAGE_ID_HEADER),
                dead_letter=lambda reason: self._dead_letter(message, consumer, reason),
            )

        return handle

    async def _dead_letter(self, message: KafkaMessage, consumer: str, reason: str) -> None:
        record = message.raw_message
        if isinstance(record, tuple):  # a batch; the bus consumes one record at a time
            record = record[0]
        source = f"{record.topic}/{record.partition}/{record.offset}"
        headers = {
            **{key: str(value) for key, value in message.headers.items()},
            REASON_HEADER: " ".join(reason.split())[:REASON_MAX_LENGTH],
            SOURCE_HEADER: source,
        }
        try:
            await self._broker.publish(
                message.body, self.dead_letter_topic(consumer), key=record.key, headers=headers
            )
        except Exception:
            # Not stored: the message comes back after the longest backoff and is tried again.
            logger.exception("event_dead_letter_failed", consumer=consumer, source=source)
            await asyncio.sleep(self._policy.max_backoff_seconds)
            await message.nack()
            return
        await message.ack()
