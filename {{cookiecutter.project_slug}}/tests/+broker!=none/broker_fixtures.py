"""The test broker: reachable or the run stops; each test gets its own namespace, removed after.

The broker is the one ``APP_TEST_BROKER_URL`` names, else the one ``broker_server.serving``
gives (the server on this machine, or one it starts for the run). A broker that cannot be
reached stops the run with one line naming its URL: it fails, it never skips.

Every bus a test makes is scoped to a fresh ``broker_namespace``, so runs and tests never
see each other's events, and is closed after the test, before its names are deleted.
"""

import os
import secrets
import socket
from collections.abc import AsyncIterator, Callable, Iterator
from urllib.parse import urlsplit

import pytest

from {{ cookiecutter.package_name }}.infrastructure.broker import BrokerEventBus
from {{ cookiecutter.package_name }}.shared.settings import Settings

from tests import broker_server
from tests.ports import closed_port

CONFIGURED_BROKER_URL = os.environ.get("APP_TEST_BROKER_URL")

# The consumers the tests subscribe as: their queues, groups or durable consumers are deleted.
CONSUMERS = ("billing", "shipping")

BusFactory = Callable[[], BrokerEventBus]


def address(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "127.0.0.1", parts.port or broker_server.DEFAULT_PORT


def safe_url(url: str) -> str:
    """The URL without its credentials, fit for an error message."""
    host, port = address(url)
    return f"{urlsplit(url).scheme}://{host}:{port}"


def unreachable_problem(url: str) -> str | None:
    """Why nothing answers at the broker's address, or None when something does."""
    try:
        with socket.create_connection(address(url), timeout=3):
            return None
    except OSError as error:
        return str(error)


@pytest.fixture(scope="session")
def broker_url() -> Iterator[str]:
    with broker_server.serving(CONFIGURED_BROKER_URL) as url:
        problem = unreachable_problem(url)
        if problem is not None:
            pytest.exit(
                f"the test broker {safe_url(url)} cannot be reached ({problem}): "
                "start it, or point APP_TEST_BROKER_URL at one",
                returncode=1,
            )
        yield url


@pytest.fixture
def broker_settings(settings: Settings, broker_url: str) -> Settings:
    """The test broker, a namespace of this test's own, and quick retries."""
    return settings.model_copy(
        update={
            "broker_url": broker_url,
            "broker_namespace": f"test-{secrets.token_hex(4)}",
            "broker_max_attempts": 3,
            "broker_retry_backoff_seconds": 0.05,
            "broker_retry_backoff_max_seconds": 0.2,
            "broker_publish_timeout_seconds": 5.0,
        }
    )


@pytest.fixture
async def make_bus(broker_settings: Settings) -> AsyncIterator[BusFactory]:
    """Makes buses on this test's namespace (a replica each); all closed, then deleted, after."""
    buses: list[BrokerEventBus] = []

    def make() -> BrokerEventBus:
        bus = BrokerEventBus.from_settings(broker_settings)
        buses.append(bus)
        return bus

    yield make
    for bus in buses:
        await bus.close()
    await broker_server.delete_namespace(
        broker_settings.broker_url, broker_settings.broker_namespace, CONSUMERS
    )


@pytest.fixture
def unreachable_broker_url(broker_url: str) -> str:
    """The same kind of broker URL, on a local port nobody listens on."""
    parts = urlsplit(broker_url)
    credentials = parts.netloc.rpartition("@")[0]
    netloc = f"{credentials}@" if credentials else ""
    return parts._replace(netloc=f"{netloc}127.0.0.1:{closed_port()}").geturl()
