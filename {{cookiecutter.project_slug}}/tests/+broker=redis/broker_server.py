"""The test Redis, reached directly (redis-py and FastStream): what a test needs beyond the bus."""

from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager

from faststream.redis import RedisBroker
from faststream.redis.parser import BinaryMessageFormatV1
from redis.asyncio import Redis

DEFAULT_URL = "redis://127.0.0.1:6379/0"
DEFAULT_PORT = 6379


@contextmanager
def serving(configured: str | None) -> Iterator[str]:
    """The broker URL the tests use: ``configured``, or the server on this machine."""
    yield configured or DEFAULT_URL


@asynccontextmanager
async def connected(url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(url)
    try:
        yield client
    finally:
        await client.aclose()


async def publish_raw(url: str, namespace: str, name: str, body: bytes) -> None:
    """Append ``body`` as it is (in FastStream's envelope) where events named ``name`` go."""
    async with RedisBroker(url) as broker:
        await broker.publish(body, stream=f"{namespace}:events:{name}")


async def take_dead_letters(url: str, namespace: str, consumer: str) -> list[bytes]:
    """Remove and return the bodies dead-lettered for the consumer."""
    stream = f"{namespace}:dead-letters:{consumer}"
    ids: list[bytes] = []
    bodies: list[bytes] = []
    async with connected(url) as client:
        for entry_id, fields in await client.xrange(stream) or []:
            assert isinstance(entry_id, bytes)
            assert isinstance(fields, dict)
            envelope = fields[b"__data__"]
            assert isinstance(envelope, bytes)
            ids.append(entry_id)
            bodies.append(BinaryMessageFormatV1.parse(envelope)[0])
        if ids:
            await client.xdel(stream, *ids)
    return bodies


async def delete_namespace(url: str, namespace: str, consumers: Iterable[str]) -> None:
    """Delete every stream of the namespace, and with them their consumer groups."""
    del consumers  # consumer groups live inside the streams
    async with connected(url) as client:
        keys = [key async for key in client.scan_iter(match=f"{namespace}:*")]
        if keys:
            await client.delete(*keys)
