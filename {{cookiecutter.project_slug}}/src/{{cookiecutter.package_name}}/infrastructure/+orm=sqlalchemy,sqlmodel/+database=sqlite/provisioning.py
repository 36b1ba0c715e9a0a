"""The SQLite database file: its directory made when missing, or the file recreated empty.

Run as a script, it makes the directory of ``APP_DATABASE_URL``'s file when missing
(``make migrate`` runs it before the migrations), or prints one line saying why it cannot::

    python -m {{ cookiecutter.package_name }}.infrastructure.provisioning
"""

import sqlite3
import sys
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import make_url

from {{ cookiecutter.package_name }}.shared.settings import Settings

SIDE_FILES = ("", "-wal", "-shm", "-journal")


class DatabaseUnreachableError(Exception):
    """The database file cannot be created or opened."""


def safe_url(url: str) -> str:
    """The URL with its password hidden, fit for a message."""
    return make_url(url).render_as_string(hide_password=True)


def _file(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        msg = "the database must be a file: migrations and the app use separate connections"
        raise DatabaseUnreachableError(msg)
    return Path(database)


def _open(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(path)) as connection:
            connection.execute("SELECT 1")
    except (OSError, sqlite3.Error) as error:
        raise DatabaseUnreachableError(str(error)) from error


def ensure_database(url: str) -> None:
    """Make sure the file of ``url`` can be opened, creating its directory when missing."""
    _open(_file(url))


def recreate_database(url: str) -> None:
    """Delete the file of ``url`` (and its journals) and start again from an empty one."""
    path = _file(url)
    try:
        for suffix in SIDE_FILES:
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    except OSError as error:
        raise DatabaseUnreachableError(str(error)) from error
    _open(path)


def main(argv: Sequence[str] | None = None) -> int:
    """Make the application's database file openable; one line on stderr when it cannot."""
    del argv
    url = Settings().database_url
    try:
        ensure_database(url)
    except DatabaseUnreachableError as error:
        sys.stderr.write(
            f"the database {safe_url(url)} cannot be opened ({error}): "
            "set APP_DATABASE_URL (environment or .env) to a file you can write\n"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
