"""The test RabbitMQ, reached directly (aio-pika): what a test needs beyond the event bus."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import aio_pika

DEFAULT_URL = "amqp://guest:guest@127.0.0.1:5672/"
DEFAULT_PORT = 5672


@contextmanager
def serving(configured: str | None) -> Iterator[str]:
    """The broker URL the tests use: ``configured``, or the server on this machine."""
    yield configured or DEFAULT_URL


async def publish_raw(url: str, namespace: str, name: str, body: bytes) -> None:
    """Publish ``body`` as it is, where events named ``name`` go."""
    async with await aio_pika.connect(url) as connection:
        channel = await connection.channel()
        exchange = await channel.get_exchange(f"{namespace}.events")
        await exchange.publish(
            aio_pika.Message(body, content_type="application/json"), routing_key=name
        )


async def take_dead_letters(url: str, namespace: str, consumer: str) -> list[bytes]:
    """Remove and return the bodies in the consumer's dead-letter queue."""
    bodies: list[bytes] = []
    async with await aio_pika.connect(url) as connection:
        channel = await connection.channel()
        queue = await channel.get_queue(f"{namespace}.{consumer}.dead-letter")
        while (message := await queue.get(no_ack=True, fail=False)) is not None:
            bodies.append(message.body)
    return bodies


async def delete_namespace(url: str, namespace: str, consumers: Iterable[str]) -> None:
    """Delete the exchange and every queue the bus declared for ``consumers``."""
    async with await aio_pika.connect(url) as connection:
        channel = await connection.channel()
        for consumer in consumers:
            for suffix in ("", ".retry", ".dead-letter"):
                await channel.queue_delete(f"{namespace}.{consumer}{suffix}")
        await channel.exchange_delete(f"{namespace}.events")
