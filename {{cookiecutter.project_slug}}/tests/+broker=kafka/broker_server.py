"""The test Kafka, reached directly (aiokafka): what a test needs beyond the event bus.

Without ``APP_TEST_BROKER_URL`` the run starts a Kafka-wire-compatible server of its own
(noida-db, a dev dependency) on a free port with a fresh data directory, and stops it after.
"""

import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from aiokafka import (  # type: ignore[import-untyped]
    AIOKafkaConsumer,
    AIOKafkaProducer,
    TopicPartition,
)
from aiokafka.admin import AIOKafkaAdminClient  # type: ignore[import-untyped]

DEFAULT_PORT = 9092
START_TIMEOUT_SECONDS = 30.0
# Kafka brokers refuse a consumer session shorter than this.
SESSION_TIMEOUT_MS = 6000


def servers(url: str) -> str:
    return url.removeprefix("kafka://").rstrip("/")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@contextmanager
def serving(configured: str | None) -> Iterator[str]:
    """The broker URL the tests use: ``configured``, or a server started here until the end."""
    if configured:
        yield configured
        return
    command = shutil.which("noida-db")
    if command is None:
        msg = "noida-db is not installed: run `uv sync`, or point APP_TEST_BROKER_URL at a Kafka"
        raise RuntimeError(msg)
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="kafka-") as directory:
        data = str(Path(directory) / "data")
        start = ["up", "--only", "kafka", "--host", "127.0.0.1", "--kafka-port", str(port)]
        subprocess.run(  # noqa: S603 - the dev dependency's own executable, fixed arguments
            [command, *start, "--data-dir", data],
            check=True,
            capture_output=True,
            timeout=START_TIMEOUT_SECONDS,
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT_SECONDS
            while not _answers(port) and time.monotonic() < deadline:
                time.sleep(0.1)
            yield f"kafka://127.0.0.1:{port}"
        finally:
            subprocess.run(  # noqa: S603 - as above
                [command, "down", "--data-dir", data],
                check=False,
                capture_output=True,
                timeout=START_TIMEOUT_SECONDS,
            )


async def publish_raw(url: str, namespace: str, name: str, body: bytes) -> None:
    """Publish ``body`` as it is, where events named ``name`` go."""
    producer = AIOKafkaProducer(bootstrap_servers=servers(url), acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(f"{namespace}.events.{name}", body)
    finally:
        await producer.stop()


async def take_dead_letters(url: str, namespace: str, consumer: str) -> list[bytes]:
    """The bodies dead-lettered for the consumer since the last call (read by a group)."""
    topic = f"{namespace}.dead-letters.{consumer}"
    reader = AIOKafkaConsumer(
        bootstrap_servers=servers(url),
        group_id=f"{namespace}.tests.dead-letters",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        session_timeout_ms=SESSION_TIMEOUT_MS,
    )
    await reader.start()
    try:
        await reader.topics()  # the metadata of every topic, this one's partitions included
        partitions = [
            TopicPartition(topic, partition)
            for partition in reader.partitions_for_topic(topic) or ()
        ]
        if not partitions:
            return []
        reader.assign(partitions)
        batches = await reader.getmany(*partitions, timeout_ms=500)
        bodies = [
            record.value
            for records in batches.values()
            for record in records
            if record.value is not None
        ]
        if batches:
            await reader.commit()
        return bodies
    finally:
        await reader.stop()


async def delete_namespace(url: str, namespace: str, consumers: Iterable[str]) -> None:
    """Delete every topic of the namespace (its consumer groups expire with their offsets)."""
    del consumers  # groups hold no data once their topics are gone
    admin = AIOKafkaAdminClient(bootstrap_servers=servers(url))
    await admin.start()
    try:
        topics = [topic for topic in await admin.list_topics() if topic.startswith(f"{namespace}.")]
        if topics:
            await admin.delete_topics(topics)
    finally:
        await admin.close()
