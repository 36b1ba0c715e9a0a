"""The migrations on the real database: every step goes up, down and up again; models agree."""
{%- if cookiecutter.architecture == "modular-monolith" and cookiecutter.database == "postgresql" %}

import asyncio
{%- endif %}

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
{%- if cookiecutter.architecture == "modular-monolith" and cookiecutter.database == "postgresql" %}
from sqlalchemy import Connection, inspect
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool
{%- else %}
from sqlalchemy import Connection
{%- endif %}

from {{ cookiecutter.package_name }}.infrastructure.database import Database{% if cookiecutter.architecture == "modular-monolith" and cookiecutter.database == "postgresql" %}, include_name, module_schemas{% endif %}
from {{ cookiecutter.package_name }}.infrastructure.tables import metadata

from tests.database_fixtures import alembic_config
{%- if cookiecutter.architecture == "modular-monolith" and cookiecutter.database == "postgresql" %}


def _schema_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_schema_names())


async def module_schemas_in(url: str) -> set[str]:
    """The modules' schemas that exist in the database at ``url``."""
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            names = await connection.run_sync(_schema_names)
    finally:
        await engine.dispose()
    return names & module_schemas()
{%- endif %}


def revisions_oldest_first(url: str) -> list[str]:
    script = ScriptDirectory.from_config(alembic_config(url))
    return [revision.revision for revision in reversed(list(script.walk_revisions()))]


def test_there_is_one_head(migrated_database: str) -> None:
    script = ScriptDirectory.from_config(alembic_config(migrated_database))
    assert len(script.get_heads()) == 1


def test_stairway_every_revision_upgrades_downgrades_and_upgrades_again(
    migrated_database: str,
) -> None:
    config = alembic_config(migrated_database)
    revisions = revisions_oldest_first(migrated_database)
    assert revisions, "the project has no migrations"
    command.downgrade(config, "base")
    try:
        for revision in revisions:
            command.upgrade(config, revision)
            command.downgrade(config, "-1")
            command.upgrade(config, revision)
        command.downgrade(config, "base")
    finally:
        command.upgrade(config, "head")
{%- if cookiecutter.architecture == "modular-monolith" and cookiecutter.database == "postgresql" %}


def test_each_module_schema_comes_with_its_migrations_and_goes_with_them(
    migrated_database: str,
) -> None:
    config = alembic_config(migrated_database)
    assert module_schemas(), "no module keeps its tables in a schema of its own"
    assert asyncio.run(module_schemas_in(migrated_database)) == module_schemas()
    command.downgrade(config, "base")
    try:
        assert asyncio.run(module_schemas_in(migrated_database)) == set()
    finally:
        command.upgrade(config, "head")
    assert asyncio.run(module_schemas_in(migrated_database)) == module_schemas()
{%- endif %}


def _differences(connection: Connection) -> list[object]:
{%- if cookiecutter.architecture == "modular-monolith" and cookiecutter.database == "postgresql" %}
    # Every module's schema, not only the default one: the tables live in the modules' schemas.
    context = MigrationContext.configure(
        connection,
        opts={"compare_type": True, "include_schemas": True, "include_name": include_name},
    )
{%- else %}
    context = MigrationContext.configure(connection, opts={"compare_type": True})
{%- endif %}
    return list(compare_metadata(context, metadata))


async def test_the_models_match_the_migrated_schema(database: Database) -> None:
    async with database.engine.connect() as connection:
        differences = await connection.run_sync(_differences)
    assert differences == []
