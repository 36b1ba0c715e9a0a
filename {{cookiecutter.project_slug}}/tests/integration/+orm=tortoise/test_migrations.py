"""The migrations on the real database: every step goes up, down and up again; models agree."""

import importlib
import pkgutil

from tortoise.context import TortoiseContext
from tortoise.migrations.autodetector import MigrationAutodetector

from {{ cookiecutter.package_name }}.composition.orm import tortoise_config

# isort: split
from tests.database_fixtures import run_migrations


def migration_names(migrations_package: str) -> list[str]:
    """The migrations of one app, oldest first (their names start with their number)."""
    package = importlib.import_module(migrations_package)
    return sorted(module.name for module in pkgutil.iter_modules(package.__path__))


def apps_and_migrations(url: str) -> list[tuple[str, list[str]]]:
    apps = tortoise_config(url)["apps"]
    return [(label, migration_names(app["migrations"])) for label, app in apps.items()]


def test_every_app_has_migrations(migrated_database: str) -> None:
    found = apps_and_migrations(migrated_database)
    assert found
    for label, names in found:
        assert names, f"the app {label} has no migrations"
        assert names[0].startswith("0001_")


async def test_stairway_every_migration_upgrades_downgrades_and_upgrades_again(
    migrated_database: str,
) -> None:
    url = migrated_database
    # Later apps may depend on earlier ones: take them down newest first, bring them up in order.
    apps = apps_and_migrations(url)
    try:
        for label, _names in reversed(apps):
            await run_migrations(url, target=f"{label}.__first__", direction="backward")
        for label, names in apps:
            previous = f"{label}.__first__"
            for name in names:
                step = f"{label}.{name}"
                await run_migrations(url, target=step, direction="forward")
                await run_migrations(url, target=previous, direction="backward")
                await run_migrations(url, target=step, direction="forward")
                previous = step
        for label, _names in reversed(apps):
            await run_migrations(url, target=f"{label}.__first__", direction="backward")
    finally:
        await run_migrations(url)


async def test_the_models_match_the_migrations(migrated_database: str) -> None:
    config = tortoise_config(migrated_database)
    async with TortoiseContext() as context:
        await context.init(config=config)
        assert context.apps is not None
        writers = await MigrationAutodetector(context.apps, config["apps"]).changes()
    assert [(writer.app_label, writer.operations) for writer in writers] == []
