"""Fixtures shared by every test: settings, a migrated database, the app and an HTTP client.

Every row is deleted after each test that used the database. A database that cannot be
reached stops the run with one line naming its URL: it fails, it never skips.
"""

import os
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from alembic import command
from alembic.config import Config
from fastapi import FastAPI
from sqlalchemy.engine import make_url

from {{ cookiecutter.package_name }}.infrastructure.database import Base, Database
from {{ cookiecutter.package_name }}.main import create_app
from {{ cookiecutter.package_name }}.shared.settings import Environment, Settings

from tests.provisioning import DatabaseUnreachableError, provision_database

pytest_plugins = ["tests.auth_fixtures"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEST_DATABASE_URL = os.environ.get(
    "APP_TEST_DATABASE_URL",
    "{{ cookiecutter.__test_database_url }}",
)


def safe_url(url: str) -> str:
    """The URL with its password hidden, fit for an error message."""
    return make_url(url).render_as_string(hide_password=True)


def alembic_config(url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["database_url"] = url
    config.attributes["skip_logging_config"] = True
    return config


@pytest.fixture(scope="session")
def settings(auth_settings: dict[str, object]) -> Settings:
    base = Settings(
        _env_file=None,
        environment=Environment.TEST,
        database_url=TEST_DATABASE_URL,
        log_json=False,
        log_level="INFO",
    )
    # The auth method's own test values (keys, issuers, cheap hashing) on top.
    return base.model_copy(update=auth_settings)


@pytest.fixture(scope="session")
def migrated_database(settings: Settings) -> str:
    """The test database, created if missing and migrated to head once per session."""
    try:
        provision_database(settings.database_url)
    except DatabaseUnreachableError as error:
        pytest.exit(
            f"the test database {safe_url(settings.database_url)} cannot be reached ({error}): "
            "start it, or point APP_TEST_DATABASE_URL at one",
            returncode=1,
        )
    command.upgrade(alembic_config(settings.database_url), "head")
    return settings.database_url


@pytest.fixture
async def database(settings: Settings, migrated_database: str) -> AsyncIterator[Database]:
    """A connection pool to the migrated test database, closed after the test."""
    db = Database.from_settings(settings.model_copy(update={"database_url": migrated_database}))
    try:
        yield db
    finally:
        await db.dispose()


@pytest.fixture(autouse=True)
async def _empty_tables_after_database_tests(
    request: pytest.FixtureRequest, settings: Settings
) -> AsyncIterator[None]:
    """Delete every row after each test that used the database, whoever wrote the rows."""
    yield
    if "migrated_database" not in request.fixturenames:
        return
    db = Database.from_settings(settings)
    try:
        async with db.engine.begin() as connection:
            for table in reversed(Base.metadata.sorted_tables):
                await connection.execute(table.delete())
    finally:
        await db.dispose()


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
