"""The test NATS server, reached directly (nats-py): what a test needs beyond the event bus."""

from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress

import nats
from nats.aio.client import Client
from nats.js.errors import NotFoundError

DEFAULT_URL = "nats://127.0.0.1:4222"
DEFAULT_PORT = 4222


@contextmanager
def serving(configured: str | None) -> Iterator[str]:
    """The broker URL the tests use: ``configured``, or the server on this machine."""
    yield configured or DEFAULT_URL


@asynccontextmanager
async def connected(url: str) -> AsyncIterator[Client]:
    client = await nats.connect(url)
    try:
        yield client
    finally:
        await client.close()


async def publish_raw(url: str, namespace: str, name: str, body: bytes) -> None:
    """Publish ``body`` as it is, where events named ``name`` go."""
    async with connected(url) as client:
        await client.jetstream().publish(
            f"{namespace}.events.{name}", body, stream=f"{namespace}-events"
        )


async def take_dead_letters(url: str, namespace: str, consumer: str) -> list[bytes]:
    """Remove and return the bodies dead-lettered for the consumer."""
    stream = f"{namespace}-dead-letters"
    async with connected(url) as client:
        jetstream = client.jetstream()
        reader = await jetstream.pull_subscribe(
            f"{namespace}.dead-letters.{consumer}", stream=stream
        )
        try:
            messages = await reader.fetch(batch=100, timeout=0.5)
        except TimeoutError:  # nats-py's own, or asyncio's when the deadline passed early
            messages = []
        for message in messages:
            await jetstream.delete_msg(stream, message.metadata.sequence.stream)
        await reader.unsubscribe()
        return [message.data for message in messages]


async def delete_namespace(url: str, namespace: str, consumers: Iterable[str]) -> None:
    """Delete both streams of the namespace, and with them every durable consumer."""
    del consumers  # durable consumers live inside the streams
    async with connected(url) as client:
        manager = client.jsm()
        for stream in (f"{namespace}-events", f"{namespace}-dead-letters"):
            with suppress(NotFoundError):
                await manager.delete_stream(stream)
