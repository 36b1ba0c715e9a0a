"""Fixtures shared by every test: settings, the app wired to the test database, an HTTP client.

The database itself (provisioning, migrations, emptying tables after each test) comes from
the ORM's plugin, ``tests/database_fixtures.py``.
"""

import os
{%- if cookiecutter.broker != "none" %}
import secrets
{%- endif %}
import socket
from collections.abc import AsyncIterator

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


def closed_port() -> int:
    """A local TCP port nobody listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


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


@pytest.fixture
async def app(settings: Settings, migrated_database: str) -> AsyncIterator[FastAPI]:
    """The application as deployed, wired to the test database, with its lifespan running."""
    application = create_app(settings.model_copy(update={"database_url": migrated_database}))
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http
