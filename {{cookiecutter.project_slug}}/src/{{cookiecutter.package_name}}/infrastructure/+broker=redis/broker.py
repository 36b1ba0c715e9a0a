"""Integration events over Redis Streams, through FastStream: durable, at least once, with retries.

Topology, every key prefixed with ``<ns>``, the ``broker_namespace`` setting (the project slug):

- stream ``<ns>:events:<event name>``: each event is appended to the stream of its name (the
  FastStream envelope, with the JSON body and the ``event-name`` and ``message-id`` headers).
- consumer group ``<consumer>`` on each stream a consumer (a context) subscribed to, created
  when the bus starts. Every consumer gets every event; the replicas of one consumer read
  through the same group, each entry going to one of them. Entries added while no replica runs
  wait for the group.
- an entry whose handler failed stays pending in its group, handed to the pseudo-consumer
  ``retrying``; each replica regularly claims the pending entries whose backoff is over (and
  those another replica held unacknowledged for ``broker_ack_wait_seconds``: it is stuck or
  gone) and delivers them again. Redis counts the deliveries of each entry.
- stream ``<ns>:dead-letters:<consumer>``: entries that failed ``broker_max_attempts`` times or
  are not integration events, with ``source``, ``source-id`` and ``reason`` fields; moved there
  and acknowledged in one transaction.
"""

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Self

import structlog
from faststream.middlewares import AckPolicy
from faststream.redis import RedisBroker, StreamSub
from faststream.redis.annotations import RedisStreamMessage
from faststream.redis.message import DefaultStreamMessage
from faststream.redis.subscriber.usecases.stream_subscriber import StreamSubscriber
from redis.asyncio import Redis

from {{ cookiecutter.package_name }}.infrastructure.event_delivery import (
    CONTENT_TYPE,
    EVENT_NAME_HEADER,
    EventBusBase,
    HandlersByName,
    RetryPolicy,
    consume,
    raw_body,
)
from {{ cookiecutter.package_name }}.shared.background import stop_task
from {{ cookiecutter.package_name }}.shared.events import IntegrationEvent
from {{ cookiecutter.package_name }}.shared.broker_settings import BrokerSettings

MESSAGE_ID_HEADER = "message-id"
RETRYING = "retrying"
# How many pending entries one look at a group considers.
RECLAIM_BATCH = 100
# How long closing waits for a reclaiming round in progress before it cancels the round.
RECLAIM_STOP_SECONDS = 5.0

logger = structlog.get_logger(__name__)


@dataclass
class _Subscription:
    stream: str
    group: str
    subscriber: StreamSubscriber


class BrokerEventBus(EventBusBase):
    """An EventPublisher on Redis Streams that also delivers events to the subscribed handlers."""

    broker_name = "Redis"

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
        self._broker = RedisBroker(
            url,
            socket_connect_timeout=publish_timeout,
            socket_timeout=publish_timeout,
            # Connection and per-message lines go through the application's logging.
            logger=logging.getLogger("faststream"),
            log_level=logging.DEBUG,
        )
        # Pending entries, claims and dead letters are plain Redis commands.
        self._redis: Redis = Redis.from_url(
            url, socket_connect_timeout=publish_timeout, socket_timeout=publish_timeout
        )
        self._namespace = namespace
        self._policy = policy
        self._ack_wait = ack_wait
        self._prefetch_count = prefetch_count
        # This process's name inside every consumer group.
        self._member = f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"
        self._consuming: list[_Subscription] = []
        self._reclaimer: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

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

    def stream(self, name: str) -> str:
        return f"{self._namespace}:events:{name}"

    def dead_letter_stream(self, consumer: str) -> str:
        return f"{self._namespace}:dead-letters:{consumer}"

    async def start(self) -> None:
        """Connect, create the consumer groups, start consuming and reclaiming."""
        await self._connect()
        for consumer, name, handlers in self._subscriptions.pairs():
            stream = self.stream(name)
            subscriber = self._broker.subscriber(
                stream=StreamSub(
                    stream,
                    group=consumer,
                    consumer=self._member,
                    max_records=self._prefetch_count,
                ),
                ack_policy=AckPolicy.MANUAL,
                decoder=raw_body,
            )
            subscriber(self._handle(stream, consumer, handlers))
            self._consuming.append(_Subscription(stream, consumer, subscriber))
        self._started = True
        await self._broker.start()
        if self._consuming:
            self._stopping = asyncio.Event()
            self._reclaimer = asyncio.create_task(self._reclaim_forever(self._stopping))

    async def close(self) -> None:
        """Stop consuming (letting running handlers finish) and disconnect; safe to repeat."""
        self._connected = False
        if self._reclaimer is not None:
            await self._stop_reclaiming(self._reclaimer)
            self._reclaimer = None
        await self._broker.stop()
        await self._redis.aclose()

    async def _publish(self, event: IntegrationEvent) -> None:
        """Append to the event's stream; Redis answers once it stored the entry."""
        await self._broker.publish(
            event.to_json().encode(),
            stream=self.stream(event.name),
            headers={
                "content-type": CONTENT_TYPE,
                EVENT_NAME_HEADER: event.name,
                MESSAGE_ID_HEADER: str(event.id),
            },
            correlation_id=str(event.id),
        )

    async def _ping(self) -> bool:
        return bool(await self._redis.ping())

    async def _open(self) -> None:
        await self._broker.connect()
        await self._redis.ping()

    def _handle(
        self, stream: str, group: str, handlers: HandlersByName
    ) -> Callable[[RedisStreamMessage], Awaitable[None]]:
        async def handle(message: RedisStreamMessage) -> None:
            entry_id = message.raw_message["message_ids"][0]
            await consume(
                message,
                consumer=group,
                handlers=handlers,
                policy=self._policy,
                attempt=await self._deliveries(stream, group, entry_id),
                message_id=message.headers.get(MESSAGE_ID_HEADER),
                dead_letter=lambda reason: self._dead_letter(
                    message, stream, group, entry_id, reason
                ),
                retry_later=lambda _delay, _attempt: self._park(stream, group, entry_id),
            )

        return handle

    async def _park(self, stream: str, group: str, entry_id: bytes) -> None:
        """Park the entry with the retrying consumer: the reclaimer delivers it after a backoff."""
        await self._redis.xclaim(stream, group, RETRYING, 0, [entry_id], justid=True)

    async def _deliveries(self, stream: str, group: str, entry_id: bytes) -> int:
        """How many times the entry was delivered to the group, this delivery included."""
        pending = await self._redis.xpending_range(stream, group, entry_id, entry_id, 1)
        return max(int(pending[0]["times_delivered"]), 1) if pending else 1

    async def _dead_letter(
        self,
        message: RedisStreamMessage,
        stream: str,
        group: str,
        entry_id: bytes,
        reason: str,
    ) -> None:
        fields: dict[Any, Any] = {
            **message.raw_message["data"],
            "source": stream,
            "source-id": entry_id,
            "reason": reason,
        }
        async with self._redis.pipeline(transaction=True) as transaction:
            transaction.xadd(self.dead_letter_stream(group), fields)
            transaction.xack(stream, group, entry_id)
            await transaction.execute()

    async def _stop_reclaiming(self, reclaimer: asyncio.Task[None]) -> None:
        """Let the round in progress finish its deliveries, then end the reclaimer.

        The reclaimer ends on the stop signal, not on cancellation alone: a cancellation that
        arrives in the middle of a delivery can be absorbed by the client libraries, and a loop
        that only cancellation could end would then never end.
        """
        self._stopping.set()
        await asyncio.wait({reclaimer}, timeout=RECLAIM_STOP_SECONDS)
        if not await stop_task(reclaimer, RECLAIM_STOP_SECONDS):
            logger.error("event_reclaimer_not_stopped", waited_seconds=2 * RECLAIM_STOP_SECONDS)

    async def _reclaim_forever(self, stopping: asyncio.Event) -> None:
        interval = min(self._policy.backoff_seconds, 1.0)
        while not stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), interval)
            for subscription in self._consuming:
                if stopping.is_set():
                    return
                try:
                    await self._reclaim(subscription)
                except Exception:  # the next round tries again
                    logger.exception("event_reclaim_failed", stream=subscription.stream)

    async def _reclaim(self, subscription: _Subscription) -> None:
        """Deliver again the group's entries whose backoff is over, or whose holder is gone."""
        stream, group = subscription.stream, subscription.group
        shortest_wait = round(min(self._policy.backoff_seconds, self._ack_wait) * 1000)
        pending = await self._redis.xpending_range(
            stream, group, "-", "+", RECLAIM_BATCH, idle=shortest_wait
        )
        for entry in pending:
            parked = _text(entry["consumer"]) == RETRYING
            wait = self._policy.delay(int(entry["times_delivered"])) if parked else self._ack_wait
            claimed = await self._redis.xclaim(
                stream, group, self._member, round(wait * 1000), [entry["message_id"]]
            )
            for entry_id, data in _entries(claimed):
                await subscription.subscriber.consume(
                    DefaultStreamMessage(
                        type="stream", channel=stream, message_ids=[entry_id], data=data
                    )
                )


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _entries(response: object) -> list[tuple[bytes, dict[bytes, bytes]]]:
    """The (id, fields) pairs of a stream reply; an entry deleted meanwhile has no fields."""
    entries: list[tuple[bytes, dict[bytes, bytes]]] = []
    for item in response if isinstance(response, list) else []:
        entry_id, fields = item
        if isinstance(entry_id, bytes) and isinstance(fields, dict):
            entries.append((entry_id, {bytes(key): bytes(value) for key, value in fields.items()}))
    return entries
