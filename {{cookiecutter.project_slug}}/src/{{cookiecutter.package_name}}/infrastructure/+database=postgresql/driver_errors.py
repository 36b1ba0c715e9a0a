"""The PostgreSQL driver's (asyncpg's) signs of an outage."""

import asyncpg  # type: ignore[import-untyped]  # asyncpg ships no type information

# SQLSTATEs of a server that cannot serve now: connection exceptions (class 08), too many
# connections, the server shutting down, crashed or starting, a statement cancelled (its
# statement_timeout), a lock not granted in time (its lock_timeout).
OUTAGE_SQLSTATE_CLASSES = frozenset({"08"})
OUTAGE_SQLSTATES = frozenset({"53300", "57P01", "57P02", "57P03", "57014", "55P03"})


def is_driver_outage(error: BaseException) -> bool:
    """Whether this asyncpg error (not its causes) says the server cannot serve right now."""
    if isinstance(error, asyncpg.PostgresError):
        state = str(getattr(error, "sqlstate", "") or "")
        return state[:2] in OUTAGE_SQLSTATE_CLASSES or state in OUTAGE_SQLSTATES
    # The client's view: its connection was closed under it (lost, or dropped after a timeout).
    return isinstance(error, asyncpg.InterfaceError) and "connection is closed" in str(error)
