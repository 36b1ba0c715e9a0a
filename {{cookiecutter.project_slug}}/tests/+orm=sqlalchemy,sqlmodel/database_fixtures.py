"""The test database through SQLAlchemy: provisioned, migrated by Alembic, emptied after each test.

A database that cannot be reached stops the run with one line naming its URL: it fails, it
never skips.
"""

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url

from {{ cookiecutter.package_name }}.infrastructure.database import Database
from {{ cookiecutter.package_name }}.infrastructure.provisioning import (
    DatabaseUnreachableError,
    recreate_database,
    safe_url,
)
from {{ cookiecutter.package_name }}.infrastructure.tables import metadata
from {{ cookiecutter.package_name }}.shared.settings import Settings

from tests.conftest import refuse_application_database
from tests.ports import closed_port

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def alembic_config(url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["database_url"] = url
    config.attributes["skip_logging_config"] = True
    return config


@pytest.fixture(scope="session")
def migrated_database(settings: Settings) -> str:
    """The test database, recreated empty and migrated to head once per session."""
    refuse_application_database(settings.database_url)
    try:
        recreate_database(settings.database_url)
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
            for table in reversed(metadata.sorted_tables):
                await connection.execute(table.delete())
    finally:
        await db.dispose()


@pytest.fixture
def unreachable_database_url(tmp_path: Path) -> Callable[[str], str]:
    """Turns a database URL into the same kind of database, somewhere it cannot be reached."""

    def unreachable(url: str) -> str:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            # A directory is not a database file: opening it fails.
            return parsed.set(database=str(tmp_path)).render_as_string(hide_password=False)
        return parsed.set(host="127.0.0.1", port=closed_port()).render_as_string(
            hide_password=False
        )

    return unreachable
