"""The SQLite test database: a fresh file for every session."""

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import make_url

SIDE_FILES = ("", "-wal", "-shm", "-journal")


class DatabaseUnreachableError(Exception):
    """The test database file cannot be created or opened."""


def provision_database(url: str) -> None:
    """Start from an empty database file; raise DatabaseUnreachableError if it cannot be opened."""
    database = make_url(url).database
    if not database or database == ":memory:":
        msg = "the test database must be a file: migrations and the app use separate connections"
        raise DatabaseUnreachableError(msg)
    path = Path(database)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in SIDE_FILES:
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        with closing(sqlite3.connect(path)) as connection:
            connection.execute("SELECT 1")
    except (OSError, sqlite3.Error) as error:
        raise DatabaseUnreachableError(str(error)) from error
