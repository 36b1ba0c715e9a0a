"""The SQLite database file: its directory made when missing, or the file recreated empty."""

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import make_url

SIDE_FILES = ("", "-wal", "-shm", "-journal")

# What the file system or SQLite answers when the file cannot be made, opened or removed.
PROVISIONING_ERRORS = (OSError, sqlite3.Error, ValueError)


def reason(error: BaseException) -> str:
    """What went wrong, for one line of output."""
    return str(error) or type(error).__name__


def _file(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        msg = "the database must be a file: migrations and the app use separate connections"
        raise ValueError(msg)
    return Path(database)


def provision(url: str, *, recreate: bool) -> None:
    """Make sure the file of ``url`` can be opened (its directory made), or start it again empty."""
    path = _file(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    if recreate:
        for suffix in SIDE_FILES:
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("SELECT 1")
