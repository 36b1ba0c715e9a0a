"""The database made ready for the application: created when missing, or recreated empty.

On a server (PostgreSQL, MySQL/MariaDB) the database is created when the server does not have
it yet, or dropped and created again empty; a SQLite file gets its directory when missing, or
is started again empty. How is the ORM's (``database_provisioning``); what it means for the
application and the one line a failure prints are the same for every ORM.

Run as a script, it creates the database of ``APP_DATABASE_URL`` when missing (``make migrate``
runs it before the migrations), or prints one line saying why it cannot::

    python -m {{ cookiecutter.package_name }}.infrastructure.provisioning
"""

import sys
from collections.abc import Sequence
from urllib.parse import urlsplit, urlunsplit

from {{ cookiecutter.package_name }}.infrastructure.database_provisioning import (
    PROVISIONING_ERRORS,
    provision,
    reason,
)
from {{ cookiecutter.package_name }}.shared.settings import Settings


class DatabaseUnreachableError(Exception):
    """The database cannot be reached, created or opened."""


def safe_url(url: str) -> str:
    """The URL with its password hidden, fit for a message."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def is_file_database(url: str) -> bool:
    """Whether ``url`` names a SQLite file rather than a database on a server."""
    return urlsplit(url).scheme.startswith("sqlite")


def _provision(url: str, recreate: bool) -> None:
    try:
        provision(url, recreate=recreate)
    except PROVISIONING_ERRORS as error:
        raise DatabaseUnreachableError(reason(error)) from error


def ensure_database(url: str) -> None:
    """Create the database of ``url`` when missing; raise DatabaseUnreachableError if it cannot."""
    _provision(url, recreate=False)


def recreate_database(url: str) -> None:
    """Drop the database of ``url`` with everything in it, and create it again empty."""
    _provision(url, recreate=True)


def failure_line(url: str, error: DatabaseUnreachableError) -> str:
    """What ``make migrate`` prints when the database of ``url`` cannot be made ready."""
    if is_file_database(url):
        return (
            f"the database {safe_url(url)} cannot be opened ({error}): "
            "set APP_DATABASE_URL (environment or .env) to a file you can write"
        )
    return (
        f"the database {safe_url(url)} cannot be reached ({error}): start its server, "
        "or set APP_DATABASE_URL (environment or .env) to one that runs"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Create the application's database when missing; one line on stderr when it cannot."""
    del argv
    url = Settings().database_url
    try:
        ensure_database(url)
    except DatabaseUnreachableError as error:
        sys.stderr.write(failure_line(url, error) + "\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
