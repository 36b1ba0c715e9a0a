"""The test database, made ready through Tortoise's own clients: reachable and existing.

PostgreSQL and MySQL/MariaDB: the database is created on its server when it does not exist yet.
SQLite: a fresh file for every session.
"""

import asyncio
import importlib
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.exceptions import BaseORMException

from {{ cookiecutter.package_name }}.infrastructure.database import CONNECTION, SQLITE_ENGINE

SIDE_FILES = ("", "-wal", "-shm", "-journal")
CONNECT_TIMEOUT_SECONDS = 5


class DatabaseUnreachableError(Exception):
    """The test database cannot be reached, created or opened."""


def _client(described: dict[str, Any]) -> BaseDBAsyncClient:
    """Tortoise's client for the server of ``described``, outside any Tortoise context."""
    engine = described["engine"]
    module = importlib.import_module(engine)
    credentials = dict(described["credentials"])
    if engine.endswith("asyncpg"):
        credentials.setdefault("timeout", CONNECT_TIMEOUT_SECONDS)
    else:
        credentials.setdefault("connect_timeout", CONNECT_TIMEOUT_SECONDS)
    client: BaseDBAsyncClient = module.client_class(connection_name=CONNECTION, **credentials)
    return client


def _create_statements(engine: str, name: str) -> tuple[str, str]:
    """How to ask the server whether the database exists, and how to create it."""
    if engine.endswith("asyncpg"):
        quoted = '"' + name.replace('"', '""') + '"'
        return "SELECT 1 FROM pg_database WHERE datname = $1", f"CREATE DATABASE {quoted}"
    quoted = "`" + name.replace("`", "``") + "`"
    return (
        "SELECT 1 FROM information_schema.schemata WHERE schema_name = %s",
        f"CREATE DATABASE IF NOT EXISTS {quoted} CHARACTER SET utf8mb4",
    )


async def _provision_server(described: dict[str, Any]) -> None:
    client = _client(described)
    name = str(described["credentials"]["database"])
    exists, create = _create_statements(described["engine"], name)
    try:
        # Connected to the server, not to the database, which may not exist yet.
        await client.create_connection(with_db=False)
        found, _rows = await client.execute_query(exists, [name])
        if not found:
            await client.execute_script(create)
    finally:
        await client.close()


def _reason(error: BaseException) -> str:
    cause = error.__cause__ or error
    text = str(cause).splitlines()[0] if str(cause) else ""
    return text or type(cause).__name__


def _provision_sqlite(file_path: str) -> None:
    if not file_path or file_path == ":memory:":
        msg = "the test database must be a file: migrations and the app use separate connections"
        raise DatabaseUnreachableError(msg)
    path = Path(file_path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in SIDE_FILES:
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        with closing(sqlite3.connect(path)) as connection:
            connection.execute("SELECT 1")
    except (OSError, sqlite3.Error) as error:
        raise DatabaseUnreachableError(str(error)) from error


def provision_database(url: str) -> None:
    """Make sure the database of ``url`` exists; raise DatabaseUnreachableError when it cannot."""
    described = expand_db_url(url)
    if described["engine"] == SQLITE_ENGINE:
        _provision_sqlite(str(described["credentials"]["file_path"]))
        return
    try:
        asyncio.run(_provision_server(described))
    except (OSError, BaseORMException, TimeoutError) as error:
        raise DatabaseUnreachableError(_reason(error)) from error
