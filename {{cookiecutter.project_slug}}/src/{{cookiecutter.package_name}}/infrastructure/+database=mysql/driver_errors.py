"""The MySQL/MariaDB driver's (asyncmy's) signs of an outage."""

from asyncmy import errors

# Error codes of a server that cannot serve now. Client side: cannot connect (2002, 2003),
# server gone (2006), connection lost or silent past the read timeout (2013), lost during a
# packet (2055). Server side: too many connections (1040), shutting down (1053), a lock not
# granted in time (1205), a statement over its time limit (3024 MySQL, 1969 MariaDB), the
# connection killed (1927) or idle too long (4031).
OUTAGE_CODES = frozenset({1040, 1053, 1205, 1927, 1969, 2002, 2003, 2006, 2013, 2055, 3024, 4031})


def is_driver_outage(error: BaseException) -> bool:
    """Whether this asyncmy error (not its causes) says the server cannot serve right now."""
    return isinstance(error, errors.Error) and bool(error.args) and error.args[0] in OUTAGE_CODES
