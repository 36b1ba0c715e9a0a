"""The migrations on the real database: every step goes up, down and up again; models agree."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from {{ cookiecutter.package_name }}.infrastructure.database import Database
from {{ cookiecutter.package_name }}.infrastructure.tables import metadata

from tests.database_fixtures import alembic_config


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


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


async def test_the_models_match_the_migrated_schema(database: Database) -> None:
    async with database.engine.connect() as connection:
        differences = await connection.run_sync(_differences)
    assert differences == []
