"""Every module's tables in the module's own PostgreSQL schema, as the database catalog reports.

A module's first migration creates its schema before its tables; going back past it drops them,
then the schema.
"""

from typing import Any

from tortoise.context import require_context

from {{ cookiecutter.package_name }}.infrastructure.database import Database

# isort: split
from tests.database_fixtures import run_migrations


async def catalog_rows(database: Database, query: str, names: list[str]) -> list[dict[str, Any]]:
    """The rows of a query on the database catalog about ``names`` (its ``$1``)."""
    transaction = await database.begin()
    try:
        _count, rows = await transaction.client.execute_query(query, [names])
    finally:
        await transaction.close()
    return [dict(row) for row in rows]


async def existing_schemas(database: Database, names: list[str]) -> set[str]:
    """Those of ``names`` that are schemas of the database."""
    query = "SELECT nspname FROM pg_namespace WHERE nspname = ANY($1::text[])"
    return {row["nspname"] for row in await catalog_rows(database, query, names)}


async def test_every_module_keeps_its_tables_in_its_own_schema(database: Database) -> None:
    transaction = await database.begin()
    try:
        registry = require_context().apps
    finally:
        await transaction.close()
    assert registry is not None
    assert set(registry.apps) == set(database.config["apps"])
    expected = {
        (label, model._meta.db_table)
        for label, models in registry.apps.items()
        for model in models.values()
    }
    query = "SELECT schemaname, tablename FROM pg_tables WHERE tablename = ANY($1::text[])"
    rows = await catalog_rows(database, query, sorted(table for _label, table in expected))
    # Each table once, in its module's schema: none of them in the default schema.
    assert {(row["schemaname"], row["tablename"]) for row in rows} == expected


async def test_a_module_schema_comes_and_goes_with_its_first_migration(
    database: Database, migrated_database: str
) -> None:
    labels = list(database.config["apps"])
    assert await existing_schemas(database, labels) == set(labels)
    try:
        for label in reversed(labels):
            await run_migrations(
                migrated_database, target=f"{label}.__first__", direction="backward"
            )
        assert await existing_schemas(database, labels) == set()
    finally:
        await run_migrations(migrated_database)
    assert await existing_schemas(database, labels) == set(labels)
