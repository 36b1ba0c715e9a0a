"""Fixtures shared by every test: settings, the app wired to the test database, an HTTP client.

The database itself (provisioning, migrations, emptying tables after each test) comes from
the ORM's plugin, ``tests/database_fixtures.py``.
"""

import itertools
import os
{%- if cookiecutter.broker != "none" %}
import secrets
{%- endif %}
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from fastapi import FastAPI

from {{ cookiecutter.package_name }}.main import create_app
from {{ cookiecutter.package_name }}.shared.settings import Environment, Settings

pytest_plugins = [
    "tests.auth_fixtures",
{%- if cookiecutter.broker != "none" %}
    "tests.broker_fixtures",
{%- endif %}
    "tests.database_fixtures",
    "tests.log_canaries",
]

TEST_DATABASE_URL = os.environ.get(
    "APP_TEST_DATABASE_URL",
    "{{ cookiecutter.__test_database_url }}",
)


def _database_of(url: str) -> str:
    """What names a database in a URL, whatever the driver and however the host is written."""
    address = url.partition("://")[2].replace("localhost", "127.0.0.1")
    return address.rpartition("@")[2]


def refuse_application_database(test_url: str) -> None:
    """Stop the run before it empties the application's own database.

    The test run drops and recreates the database of APP_TEST_DATABASE_URL: it must never be
    the one APP_DATABASE_URL (or its default) names.
    """
    application_urls = {
        os.environ.get("APP_DATABASE_URL") or "",
        "{{ cookiecutter.__database_url }}",
    }
    if _database_of(test_url) in {_database_of(url) for url in application_urls if url}:
        pytest.exit(
            "APP_TEST_DATABASE_URL names the application's database: the tests recreate it "
            "empty, so point APP_TEST_DATABASE_URL at a database of their own",
            returncode=1,
        )


@pytest.fixture(scope="session")
{%- if cookiecutter.broker != "none" %}
def settings(auth_settings: dict[str, object], broker_url: str) -> Settings:
{%- else %}
def settings(auth_settings: dict[str, object]) -> Settings:
{%- endif %}
    base = Settings(
        _env_file=None,
        environment=Environment.TEST,
        database_url=TEST_DATABASE_URL,
        log_json=False,
        log_level="INFO",
    )
{%- if cookiecutter.broker != "none" %}
    # A namespace of this run's own on the test broker: runs never see each other's events.
    base = base.model_copy(
        update={
            "broker_url": broker_url,
            "broker_namespace": f"test-{secrets.token_hex(4)}",
        }
    )
{%- endif %}
    # The auth method's own test values (keys, issuers, cheap hashing) on top.
    return base.model_copy(update=auth_settings)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "own_app: the test changes the application (adds routes, stops its outbox relay), "
        "so it gets an application of its own instead of its module's",
    )


@asynccontextmanager
async def running_app(settings: Settings, database_url: str) -> AsyncIterator[FastAPI]:
    """The application as deployed, wired to ``database_url``, with its lifespan running."""
    application = create_app(settings.model_copy(update={"database_url": database_url}))
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture(scope="module")
async def module_app(settings: Settings, migrated_database: str) -> AsyncIterator[FastAPI]:
    """One application for the tests of a module: wiring it costs more than most tests."""
    async with running_app(settings, migrated_database) as application:
        yield application


@pytest.fixture
async def own_app(settings: Settings, migrated_database: str) -> AsyncIterator[FastAPI]:
    """An application for one test alone."""
    async with running_app(settings, migrated_database) as application:
        yield application


@pytest.fixture
def app(request: pytest.FixtureRequest) -> FastAPI:
    """The application as deployed, wired to the test database, with its lifespan running.

    Shared by the tests of a module; a test marked ``own_app`` gets one of its own. The tables
    are emptied after every test, and every test's client calls from an address of its own
    (``client``), so what one test leaves behind never reaches the next.
    """
    shared = request.node.get_closest_marker("own_app") is None
    application: FastAPI = request.getfixturevalue("module_app" if shared else "own_app")
    return application


_CLIENT_NUMBERS = itertools.count(1)


def next_client_address() -> str:
    """A loopback address no earlier test's client used (127.0.0.1, 127.0.0.2, ...)."""
    number = next(_CLIENT_NUMBERS)
    return f"127.{number >> 16 & 0xFF}.{number >> 8 & 0xFF}.{number & 0xFF}"


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client of ``app`` calling from a fresh address.

    What the app counts per client address (the rate limits of anonymous callers and sign-ins)
    starts afresh in every test, as with an app of its own.
    """
    transport = httpx.ASGITransport(app=app, client=(next_client_address(), 123))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http
