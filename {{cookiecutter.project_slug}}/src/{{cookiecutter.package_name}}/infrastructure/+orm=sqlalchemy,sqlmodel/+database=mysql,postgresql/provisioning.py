"""The database on its server: created when it does not exist yet, or recreated empty.

Run as a script, it creates the database of ``APP_DATABASE_URL`` when the server does not
have it yet (``make migrate`` runs it before the migrations), or prints one line saying why
it cannot::

    python -m {{ cookiecutter.package_name }}.infrastructure.provisioning
"""

import asyncio
import sys
from collections.abc import Callable, Sequence

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from {{ cookiecutter.package_name }}.infrastructure.database_server import (
    CONNECT_ARGS,
    MAINTENANCE_DATABASE,
    create_database_statement,
    drop_database_statement,
    is_missing_database,
)
from {{ cookiecutter.package_name }}.shared.settings import Settings


class DatabaseUnreachableError(Exception):
    """The database server cannot be reached, or refuses what was asked of it."""


def safe_url(url: str) -> str:
    """The URL with its password hidden, fit for a message."""
    return make_url(url).render_as_string(hide_password=True)


async def _can_connect(url: URL) -> None:
    engine = create_async_engine(url, poolclass=NullPool, connect_args=CONNECT_ARGS)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    finally:
        await engine.dispose()


async def _on_server(url: URL, *statements: Callable[[str], str]) -> None:
    """Run statements made for the quoted database name, connected to the server only."""
    engine = create_async_engine(
        url.set(database=MAINTENANCE_DATABASE),
        poolclass=NullPool,
        isolation_level="AUTOCOMMIT",
        connect_args=CONNECT_ARGS,
    )
    try:
        async with engine.connect() as connection:
            name = connection.dialect.identifier_preparer.quote(url.database or "")
            for statement in statements:
                await connection.execute(text(statement(name)))
    finally:
        await engine.dispose()


async def _ensure(url: URL) -> None:
    try:
        await _can_connect(url)
    except DBAPIError as error:
        if not is_missing_database(error):
            raise
        await _on_server(url, create_database_statement)


async def _recreate(url: URL) -> None:
    await _on_server(url, drop_database_statement, create_database_statement)


def _run(url: str, recreate: bool) -> None:
    parsed = make_url(url)
    try:
        asyncio.run(_recreate(parsed) if recreate else _ensure(parsed))
    except (OSError, DBAPIError) as error:
        cause = error.orig if isinstance(error, DBAPIError) else error
        reason = str(cause).splitlines()[0] if str(cause) else type(cause).__name__
        raise DatabaseUnreachableError(reason) from error


def ensure_database(url: str) -> None:
    """Create the database of ``url`` when its server does not have it yet."""
    _run(url, recreate=False)


def recreate_database(url: str) -> None:
    """Drop the database of ``url`` with everything in it, and create it again empty."""
    _run(url, recreate=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Create the application's database when missing; one line on stderr when it cannot."""
    del argv
    url = Settings().database_url
    try:
        ensure_database(url)
    except DatabaseUnreachableError as error:
        sys.stderr.write(
            f"the database {safe_url(url)} cannot be reached ({error}): start its server, "
            "or set APP_DATABASE_URL (environment or .env) to one that runs\n"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
