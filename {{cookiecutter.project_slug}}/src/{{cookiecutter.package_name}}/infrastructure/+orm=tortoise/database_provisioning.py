"""The database, made ready through Tortoise's own clients: created when missing, or recreated.

PostgreSQL and MySQL/MariaDB: the database is created on its server when it does not exist
yet, or dropped and created again empty. SQLite: the file's directory is made when missing, or
the file is started again empty.
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

# What the server, the way to it or the file system answers when the database cannot be made
# ready: Tortoise's and the drivers' errors, a timeout, SQLite's, a URL naming no file.
PROVISIONING_ERRORS = (OSError, BaseORMException, TimeoutError, sqlite3.Error, ValueError)


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


def _statements(engine: str, name: str) -> tuple[str, str, str]:
    """How to ask the server whether the database exists, create it, and drop it."""
    if engine.endswith("asyncpg"):
        quoted = '"' + name.replace('"', '""') + '"'
        return (
            "SELECT 1 FROM pg_database WHERE datname = $1",
            f"CREATE DATABASE {quoted}",
            # FORCE ends the sessions still connected to it (PostgreSQL 13+).
            f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)",
        )
    quoted = "`" + name.replace("`", "``") + "`"
    return (
        "SELECT 1 FROM information_schema.schemata WHERE schema_name = %s",
        f"CREATE DATABASE IF NOT EXISTS {quoted} CHARACTER SET utf8mb4",
        f"DROP DATABASE IF EXISTS {quoted}",
    )


async def _provision_server(described: dict[str, Any], recreate: bool) -> None:
    client = _client(described)
    name = str(described["credentials"]["database"])
    exists, create, drop = _statements(described["engine"], name)
    try:
        # Connected to the server, not to the database, which may not exist yet.
        await client.create_connection(with_db=False)
        if recreate:
            await client.execute_script(drop)
            await client.execute_script(create)
            return
        found, _rows = await client.execute_query(exists, [name])
        if not found:
            await client.execute_script(create)
    finally:
        await client.close()


def reason(error: BaseException) -> str:
    """The first line of what went wrong, for one line of output."""
    cause = error.__cause__ or error
    text = str(cause).splitlines()[0] if str(cause) else ""
    return text or type(cause).__name__


def _provision_sqlite(file_path: str, recreate: bool) -> None:
    if not file_path or file_path == ":memory:":
        msg = "the database must be a file: migrations and the app use separate connections"
        raise ValueError(msg)
    path = Path(file_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if recreate:
        for suffix in SIDE_FILES:
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("SELECT 1")


def provision(url: str, *, recreate: bool) -> None:
    """Create the database of ``url`` when missing, or drop and create it again empty."""
    described = expand_db_url(url)
    if described["engine"] == SQLITE_ENGINE:
        _provision_sqlite(str(described["credentials"]["file_path"]), recreate)
        return
    asyncio.run(_provision_server(described, recreate))
