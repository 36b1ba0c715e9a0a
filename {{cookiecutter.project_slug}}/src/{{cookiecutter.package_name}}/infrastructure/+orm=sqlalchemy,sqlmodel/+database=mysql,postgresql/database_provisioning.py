"""The database on its server, through SQLAlchemy: created when missing, or recreated empty."""

import asyncio
from collections.abc import Callable

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

# What the server, or the way to it, answers when it cannot be reached or refuses.
PROVISIONING_ERRORS = (OSError, DBAPIError)


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


def reason(error: BaseException) -> str:
    """The first line of what the driver said, for one line of output."""
    cause = error.orig if isinstance(error, DBAPIError) else error
    return str(cause).splitlines()[0] if str(cause) else type(cause).__name__


def provision(url: str, *, recreate: bool) -> None:
    """Create the database of ``url`` when missing, or drop and create it again empty."""
    parsed = make_url(url)
    asyncio.run(_recreate(parsed) if recreate else _ensure(parsed))
