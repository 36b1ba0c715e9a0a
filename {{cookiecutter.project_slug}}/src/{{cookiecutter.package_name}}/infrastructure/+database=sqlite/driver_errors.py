"""The SQLite driver's (sqlite3, under aiosqlite) signs of an outage."""

import sqlite3

# Another connection held its lock past the busy timeout, or the file cannot be opened.
OUTAGE_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_CANTOPEN})
# Extended result codes keep the primary code in their low byte.
PRIMARY_CODE_MASK = 0xFF


def is_driver_outage(error: BaseException) -> bool:
    """Whether this sqlite3 error (not its causes) says the database cannot serve right now."""
    if not isinstance(error, sqlite3.OperationalError):
        return False
    return (error.sqlite_errorcode & PRIMARY_CODE_MASK) in OUTAGE_CODES
