"""The test database on a server: reachable, and created when it does not exist yet."""

import asyncio

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from tests.database_server import (
    CONNECT_ARGS,
    MAINTENANCE_DATABASE,
    create_database_statement,
    is_missing_database,
)


class DatabaseUnreachableError(Exception):
    """The test database server cannot be reached or refuses the connection."""


async def _can_connect(url: URL) -> None:
    engine = create_async_engine(url, poolclass=NullPool, connect_args=CONNECT_ARGS)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    finally:
        await engine.dispose()


async def _create(url: URL) -> None:
    engine = create_async_engine(
        url.set(database=MAINTENANCE_DATABASE),
        poolclass=NullPool,
        isolation_level="AUTOCOMMIT",
        connect_args=CONNECT_ARGS,
    )
    try:
        async with engine.connect() as connection:
            name = connection.dialect.identifier_preparer.quote(url.database or "")
            await connection.execute(text(create_database_statement(name)))
    finally:
        await engine.dispose()


async def _provision(url: URL) -> None:
    try:
        await _can_connect(url)
    except DBAPIError as error:
        if not is_missing_database(error):
            raise
        await _create(url)


def provision_database(url: str) -> None:
    """Make sure the database of ``url`` exists; raise DatabaseUnreachableError when it cannot."""
    try:
        asyncio.run(_provision(make_url(url)))
    except (OSError, DBAPIError) as error:
        cause = error.orig if isinstance(error, DBAPIError) else error
        reason = str(cause).splitlines()[0] if str(cause) else type(cause).__name__
        raise DatabaseUnreachableError(reason) from error
