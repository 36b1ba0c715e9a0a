"""A database outage told apart from a bad request, and raised as the kernel's unavailability.

An outage is the database being down, silent or saturated: a connection refused, reset or lost,
a timeout (connecting, waiting for a free connection, waiting for an answer), the server
shutting down or refusing more connections, SQLite's lock held too long. The driver's signs
are in ``driver_errors``, the ORM's in its ``database`` module; everything above the
infrastructure sees only ``ServiceUnavailableError``, which the API answers with 503.
"""

import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from {{ cookiecutter.package_name }}.infrastructure.driver_errors import is_driver_outage
from {{ cookiecutter.package_name }}.shared.errors import ServiceUnavailableError

UNAVAILABLE_MESSAGE = "The database is unavailable right now; try again shortly."

OutageSign = Callable[[BaseException], bool]

# Each network driver's names for its two bounds: opening a connection, waiting for an answer.
TIMEOUT_ARGUMENTS = {
    "asyncpg": ("timeout", "command_timeout"),
    "asyncmy": ("connect_timeout", "read_timeout"),
}


def timeout_arguments(
    driver: str, connect_seconds: float, answer_seconds: float
) -> dict[str, float]:
    """The connection arguments bounding ``driver``'s waits (none for a driver not listed)."""
    names = TIMEOUT_ARGUMENTS.get(driver)
    if names is None:
        return {}
    return dict(zip(names, (connect_seconds, answer_seconds), strict=True))


def causes(error: BaseException | None) -> Iterator[BaseException]:
    """``error``, then what it was raised from or during, then the errors it wraps as arguments."""
    seen: set[int] = set()
    pending = [error] if error is not None else []
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        # ORMs wrap a driver's error in one of theirs: as the cause, or as its first argument.
        pending.extend(arg for arg in current.args[:1] if isinstance(arg, BaseException))
        if current.__context__ is not None and not current.__suppress_context__:
            pending.append(current.__context__)
        if current.__cause__ is not None:
            pending.append(current.__cause__)


def is_outage(error: BaseException | None, orm_sign: OutageSign) -> bool:
    """Whether ``error`` or any error behind it says the database cannot serve right now."""
    return any(
        isinstance(cause, ServiceUnavailableError | TimeoutError | OSError)
        or is_driver_outage(cause)
        or orm_sign(cause)
        for cause in causes(error)
    )


@contextmanager
def outage_as_unavailable(
    orm_sign: OutageSign, pending: BaseException | None = None
) -> Iterator[None]:
    """Raise ``ServiceUnavailableError`` for an outage raised inside, or for ``pending`` one.

    ``pending`` is the error a unit of work is leaving with: its ``__aexit__`` cleans up inside
    this block, and an outage behind either error leaves as the kernel's unavailability.
    """
    try:
        yield
    except ServiceUnavailableError:
        raise
    except Exception as error:
        if is_outage(error, orm_sign):
            raise ServiceUnavailableError(UNAVAILABLE_MESSAGE) from error
        raise
    unavailable = pending is not None and not isinstance(pending, ServiceUnavailableError)
    if unavailable and is_outage(pending, orm_sign):
        raise ServiceUnavailableError(UNAVAILABLE_MESSAGE) from pending


def drop_connection(driver_connection: Any) -> None:
    """Close a driver's connection at once, without a word to a server that may not answer.

    asyncpg's ``terminate`` and asyncmy's ``close`` drop the socket; their polite closes wait
    for the server. A SQLite connection has no server, so it is closed the usual way.
    """
    terminate = getattr(driver_connection, "terminate", None)
    if callable(terminate):
        terminate()
        return
    close = getattr(driver_connection, "close", None)
    if callable(close) and not inspect.iscoroutinefunction(close):
        close()
