"""The pool gauges follow the connections the service borrows from its database and gives back."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from prometheus_client import REGISTRY

from {{ cookiecutter.package_name }}.infrastructure.database import Database
from {{ cookiecutter.package_name }}.infrastructure.database_telemetry import observe_database
from {{ cookiecutter.package_name }}.shared.settings import Settings

OPEN = "database_pool_connections"
IN_USE = "database_pool_connections_in_use"


def gauge(name: str) -> float:
    return REGISTRY.get_sample_value(name) or 0.0


@asynccontextmanager
async def borrowed(database: Database) -> AsyncIterator[None]:
    """Hold one of the database's connections, as a unit of work does."""
{%- if cookiecutter.orm == "tortoise" %}
    transaction = await database.begin()
    try:
        yield
    finally:
        await transaction.close()
{%- else %}
    async with database.engine.connect():
        yield
{%- endif %}


async def test_a_borrowed_connection_is_counted_until_it_is_given_back(
    settings: Settings, migrated_database: str
) -> None:
    database = Database.from_settings(
        settings.model_copy(update={"database_url": migrated_database})
    )
    observe_database(database, traced=False)
    in_use_before = gauge(IN_USE)
    try:
        async with borrowed(database):
            assert gauge(IN_USE) == in_use_before + 1
            assert gauge(OPEN) >= 1
        assert gauge(IN_USE) == in_use_before
    finally:
        await database.dispose()
