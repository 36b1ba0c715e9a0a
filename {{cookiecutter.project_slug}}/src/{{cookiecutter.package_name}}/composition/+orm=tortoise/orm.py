"""Tortoise ORM's configuration, for the ``tortoise`` command line (migrations) and the tests.

``TORTOISE_ORM`` is what ``tortoise migrate`` / ``makemigrations`` / ``downgrade`` read (see
``[tool.tortoise]`` in pyproject.toml, or the ``TORTOISE_ORM`` environment variable). It is
built from APP_DATABASE_URL when this module is imported; importing it opens no connection
(for SQLite it creates the database file's directory).
"""

from typing import Any

from {{ cookiecutter.package_name }}.infrastructure.database import (
    CONNECTION,
    SQLITE_ENGINE,
    connection_config,
    ensure_sqlite_directory,
    tortoise_apps,
)
from {{ cookiecutter.package_name }}.shared.settings import Settings


def tortoise_config(database_url: str) -> dict[str, Any]:
    """Every app of the project (one per package that owns tables) on the database of the URL."""
    connection = connection_config(database_url)
    if connection["engine"] == SQLITE_ENGINE:
        ensure_sqlite_directory(str(connection["credentials"]["file_path"]))
    return {
        "connections": {CONNECTION: connection},
        "apps": tortoise_apps(migrations=True),
        "use_tz": True,
        "timezone": "UTC",
    }


TORTOISE_ORM = tortoise_config(Settings().database_url)
