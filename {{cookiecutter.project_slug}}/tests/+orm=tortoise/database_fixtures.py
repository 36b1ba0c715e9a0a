"""The test database through Tortoise: provisioned, migrated per app, emptied after each test.

A database that cannot be reached stops the run with one line naming its URL: it fails, it
never skips.
"""

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from tortoise.context import TortoiseContext, require_context
from tortoise.migrations.api import migrate
from tortoise.models import Model

from {{ cookiecutter.package_name }}.composition.orm import tortoise_config
from {{ cookiecutter.package_name }}.infrastructure.database import Database
from {{ cookiecutter.package_name }}.infrastructure.provisioning import (
    DatabaseUnreachableError,
    recreate_database,
    safe_url,
)
from {{ cookiecutter.package_name }}.shared.settings import Settings

from tests.conftest import refuse_application_database
from tests.ports import closed_port


async def run_migrations(url: str, **options: Any) -> None:
    """``tortoise migrate`` with ``options`` (target, direction...), in a context of its own."""
    async with TortoiseContext():
        await migrate(config=tortoise_config(url), **options)


@pytest.fixture(scope="session")
def migrated_database(settings: Settings) -> str:
    """The test database, recreated empty and every app migrated to its latest, once."""
    refuse_application_database(settings.database_url)
    try:
        recreate_database(settings.database_url)
    except DatabaseUnreachableError as error:
        pytest.exit(
            f"the test database {safe_url(settings.database_url)} cannot be reached ({error}): "
            "start it, or point APP_TEST_DATABASE_URL at one",
            returncode=1,
        )
    asyncio.run(run_migrations(settings.database_url))
    return settings.database_url


@pytest.fixture
async def database(settings: Settings, migrated_database: str) -> AsyncIterator[Database]:
    """The migrated test database, its connections closed after the test."""
    db = Database.from_settings(settings.model_copy(update={"database_url": migrated_database}))
    try:
        yield db
    finally:
        await db.dispose()


def deletion_order(models: list[type[Model]]) -> list[type[Model]]:
    """The models, each one before every model its rows refer to (foreign keys)."""
    remaining = list(models)
    ordered: list[type[Model]] = []
    while remaining:
        referenced = {
            model._meta.fields_map[name].related_model  # type: ignore[attr-defined]
            for model in remaining
            for name in (*model._meta.fk_fields, *model._meta.o2o_fields)
        }
        free = [model for model in remaining if model not in referenced] or remaining[:1]
        ordered.extend(free)
        remaining = [model for model in remaining if model not in free]
    return ordered


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
        transaction = await db.begin()
        try:
            registry = require_context().apps
            assert registry is not None
            models = [model for app in registry.apps.values() for model in app.values()]
            for model in deletion_order(models):
                await model.all().using_db(transaction.client).delete()
            await transaction.commit()
        finally:
            await transaction.close()
    finally:
        await db.dispose()


@pytest.fixture
def unreachable_database_url(tmp_path: Path) -> Callable[[str], str]:
    """Turns a database URL into the same kind of database, somewhere it cannot be reached."""

    def unreachable(url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme == "sqlite":
            # A directory is not a database file: opening it fails.
            return f"sqlite://{tmp_path}"
        userinfo = parts.netloc.rpartition("@")[0]
        host = f"127.0.0.1:{closed_port()}"
        return urlunsplit(parts._replace(netloc=f"{userinfo}@{host}" if userinfo else host))

    return unreachable
