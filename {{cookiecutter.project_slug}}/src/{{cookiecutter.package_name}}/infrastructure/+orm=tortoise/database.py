"""The database through Tortoise ORM: shared ORM state, one connection per transaction, field types.

Lifetime. Tortoise keeps its state (connection clients, the registry of model classes) in a
``TortoiseContext``, and model classes are process-wide. Every ``Database`` built for the same
connection settings therefore shares one context: it is initialised on first use (``begin`` or
``ping``; building a ``Database`` does no I/O) and reference-counted by the ``Database`` objects
that used it. ``dispose`` drops this object's hold; the last hold closes the connections. So the
application's lifespan, a test fixture and a CLI command may each own a ``Database`` on the same
URL, overlap in time, and dispose in any order.

Transactions. Tortoise finds a model's connection through the *current* context (a context
variable). A ``Transaction`` makes its context current in the task that began it until it is
closed, and runs its queries on a connection of its own (``client``; pass it to ``using_db``).
PostgreSQL and MySQL/MariaDB transactions borrow a connection from the pool (waiting at most
``database_pool_timeout_seconds``) and run ``BEGIN``/``COMMIT``/``ROLLBACK`` on it; after a commit
or a rollback a new transaction begins, so a unit of work can go on. On PostgreSQL, work that
only reads (``begin(reading=True)``) runs each statement on its own instead, without the BEGIN
and the ROLLBACK around it (READ COMMITTED takes a fresh snapshot per statement anyway; MySQL
would keep the snapshot of a pooled connection's implicit transaction). SQLite transactions
open their own connection to the file: Tortoise's SQLite client is a single connection that a
transaction locks, so two units of work open at once in one task would wait for each other
forever. Like pysqlite, they begin lazily, before the first write, so that reads see the latest
committed rows and two writers of the same version meet the version check rather than a stale
snapshot.

Outages. Opening a connection, waiting for a free one and waiting for each answer are bounded
by the ``database_*_timeout_seconds`` settings; ``begin`` raises the kernel's
``ServiceUnavailableError`` when the database cannot serve, and a transaction closed after an
outage drops its connection instead of asking the silent server to roll back.
"""

import asyncio
import contextlib
import contextvars
import json
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, cast

import aiosqlite
from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionContextPooled
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.backends.sqlite.client import SqliteClient
from tortoise.context import TortoiseContext, _current_context
from tortoise.exceptions import DBConnectionError
from tortoise.migrations import operations
from tortoise.models import Model

from {{ cookiecutter.package_name }}.infrastructure import outage
from {{ cookiecutter.package_name }}.infrastructure.apps import MODELS
from {{ cookiecutter.package_name }}.shared.settings import Settings
from {{ cookiecutter.package_name }}.shared.unit_of_work import UnitOfWorkLifecycle, in_use

CONNECTION = "default"
SQLITE_ENGINE = "tortoise.backends.sqlite"
POSTGRESQL_ENGINES = ("tortoise.backends.asyncpg",)
MYSQL_ENGINES = ("tortoise.backends.mysql",)
DRIVERS = {"tortoise.backends.asyncpg": "asyncpg", "tortoise.backends.mysql": "asyncmy"}
SQLITE_PRAGMAS = {"journal_mode": "WAL", "foreign_keys": "ON", "busy_timeout": 5000}


def _tortoise_outage(error: BaseException) -> bool:
    return isinstance(error, DBConnectionError)


def is_outage(error: BaseException | None) -> bool:
    """Whether ``error`` says the database cannot serve right now (see ``outage``)."""
    return outage.is_outage(error, _tortoise_outage)


def outage_as_unavailable(pending: BaseException | None = None) -> AbstractContextManager[None]:
    """Let an outage out as ``ServiceUnavailableError`` (see ``outage.outage_as_unavailable``)."""
    return outage.outage_as_unavailable(_tortoise_outage, pending)


class UtcDatetimeField(fields.DatetimeField[datetime]):
    """A timezone-aware UTC moment, to the microsecond, on every backend.

    PostgreSQL keeps the offset (TIMESTAMPTZ); MySQL/MariaDB get DATETIME(6) and SQLite text, both
    without an offset, so values are written in UTC and labelled UTC on the way out.
    """

    def to_db_value(self, value: Any, instance: type[Model] | Model) -> Any:
        if isinstance(value, datetime):
            if value.tzinfo is None:
                msg = "naive datetimes are ambiguous; store timezone-aware UTC values"
                raise ValueError(msg)
            value = value.astimezone(UTC)
        return super().to_db_value(value, instance)

    def to_python_value(self, value: Any) -> datetime | None:
        moment = super().to_python_value(value)
        if moment is None:
            return None
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class _CaseSensitiveMySqlType:
    def __init__(self, field: fields.CharField[str]) -> None:
        self.field = field

    @property
    def SQL_TYPE(self) -> str:  # noqa: N802 - the attribute name Tortoise looks up
        return f"VARCHAR({self.field.max_length}) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"


class CaseSensitiveCharField(fields.CharField[str]):
    """A VARCHAR compared character for character, as PostgreSQL and SQLite compare text.

    MySQL/MariaDB compare by the column's collation, case-insensitive by default: a unique
    name would refuse "Widget" beside "widget" there. The binary collation keeps them apart.
    """

    _db_mysql = _CaseSensitiveMySqlType


class AddCheckToNewTable(operations.AddConstraint):
    """Adds a CHECK constraint to a table that the same migration creates.

    Going back, the constraint goes with its table: Tortoise would drop it first with MySQL's
    ``DROP CHECK``, a syntax error on MariaDB.
    """

    async def database_backward(self, *_args: Any, **_kwargs: Any) -> None:
        return None


def ensure_sqlite_directory(file_path: str) -> None:
    """Create the directory of a SQLite database file, which SQLite will not do itself."""
    if file_path and file_path != ":memory:":
        Path(file_path).parent.mkdir(parents=True, exist_ok=True)


async def keep_session(_connection: object) -> None:
    """Run by asyncpg's pool on a connection handed back, once any open transaction is rolled back.

    Its default also sends ``SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL``,
    a round trip on every release, to undo session state that this service never sets: no
    advisory lock, cursor, LISTEN or session setting outlives a unit of work.
    """


def connection_config(database_url: str, settings: Settings | None = None) -> dict[str, Any]:
    """Tortoise's description of the connection to ``database_url``, bounded by ``settings``.

    Options given in the URL's query string win. The pool holds at most ``pool_size +
    max_overflow`` connections (opened on demand, one at start); opening one and waiting for
    each answer are bounded by the connect and statement timeouts (SQLite: the statement
    timeout bounds the wait for another writer's lock); ``pool_recycle_seconds`` retires
    connections after that many seconds (asyncpg: idle seconds).
    """
    described = expand_db_url(database_url)
    engine: str = described["engine"]
    credentials: dict[str, Any] = described["credentials"]
    if engine == SQLITE_ENGINE:
        pragmas = dict(SQLITE_PRAGMAS)
        if settings is not None:
            pragmas["busy_timeout"] = round(settings.database_statement_timeout_seconds * 1000)
        for pragma, value in pragmas.items():
            credentials.setdefault(pragma, value)
        return described
    if settings is None:
        return described
    credentials.setdefault("minsize", 1)
    credentials.setdefault("maxsize", settings.database_pool_size + settings.database_max_overflow)
    timeouts = outage.timeout_arguments(
        DRIVERS.get(engine, ""),
        settings.database_connect_timeout_seconds,
        settings.database_statement_timeout_seconds,
    )
    for name, seconds in timeouts.items():
        credentials.setdefault(name, seconds)
    recycle = max(settings.database_pool_recycle_seconds, 0)
    if engine in POSTGRESQL_ENGINES:
        credentials.setdefault("max_inactive_connection_lifetime", recycle)
        credentials.setdefault("reset", keep_session)
    elif engine in MYSQL_ENGINES:
        credentials.setdefault("pool_recycle", recycle or -1)
    return described


def tortoise_apps(migrations: bool = False) -> dict[str, dict[str, Any]]:
    """Every Tortoise app of the project (one per package that owns tables), with its migrations."""
    apps: dict[str, dict[str, Any]] = {}
    for label, models in MODELS.items():
        app: dict[str, Any] = {"models": [models], "default_connection": CONNECTION}
        if migrations:
            app["migrations"] = f"{models.rsplit('.', 1)[0]}.migrations"
        apps[label] = app
    return apps


@dataclass
class _SharedContext:
    """One initialised TortoiseContext and the Database objects that hold it."""

    config: dict[str, Any]
    context: TortoiseContext = field(default_factory=TortoiseContext)
    holders: set[int] = field(default_factory=set)
    initialised: bool = False
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def initialise(self) -> None:
        async with self.lock:
            if self.initialised:
                return
            # Model classes resolve their connection through the current context, also while
            # Tortoise prepares them: make this context current for the duration of the set-up.
            token = _current_context.set(self.context)
            try:
                await self.context.init(config=self.config)
            finally:
                _current_context.reset(token)
            self.initialised = True


# The process's Tortoise state, one entry per distinct connection configuration.
_SHARED: dict[str, _SharedContext] = {}


class PoolObserver(Protocol):
    """Told of every connection a transaction borrows and gives back (the pool metrics)."""

    def lent(self, held_open: int | None) -> None:
        """A connection was lent out; ``held_open``: the pool's connections, None without a pool."""

    def returned(self, held_open: int | None) -> None:
        """The connection came back to the pool (or was dropped, or closed without a pool)."""


class _Unobserved:
    def lent(self, held_open: int | None) -> None:
        """Nobody asked."""

    def returned(self, held_open: int | None) -> None:
        """Nobody asked."""


def _held_open(pool: Any) -> int:
    """The connections ``pool`` holds open (asyncpg: ``get_size()``; asyncmy: ``size``)."""
    size = getattr(pool, "get_size", None)
    return int(size() if callable(size) else getattr(pool, "size", 0))


class Transaction(ABC):
    """A database transaction on a connection of its own; queries run on ``client``."""

    def __init__(
        self,
        client: BaseDBAsyncClient,
        token: contextvars.Token[TortoiseContext | None],
    ) -> None:
        self.client = client
        self._token = token
        self._closed = False

    async def commit(self) -> None:
        """Make the changes durable; what follows runs in a new transaction."""
        await self._finish("COMMIT")

    async def rollback(self) -> None:
        """Discard the changes since the beginning or the last commit."""
        await self._finish("ROLLBACK")

    async def close(self, error: BaseException | None = None) -> None:
        """Roll back what was not committed and give the connection back; safe to call twice.

        ``error`` is what the work ended with, if anything. After an outage the connection is
        dropped instead (the server, silent or gone, rolls back when it ends), and an outage
        behind either error leaves as ``ServiceUnavailableError``.
        """
        if self._closed:
            return
        self._closed = True
        abandon = is_outage(error)
        with outage_as_unavailable(error):
            await self._close(abandon=abandon)

    async def _close(self, *, abandon: bool) -> None:
        try:
            await self._release(abandon=abandon)
        except Exception:
            # Closed while its task is being cancelled, after a query was cut short: the driver
            # refuses to roll back on that connection. The cancellation goes on, not this error.
            task = asyncio.current_task()
            if task is None or not task.cancelling():
                raise
        finally:
            # Closed from another task than the one that began it: nothing to restore there.
            with contextlib.suppress(ValueError):
                _current_context.reset(self._token)

    @abstractmethod
    async def _finish(self, statement: str) -> None:
        """End the current transaction with ``statement`` (COMMIT or ROLLBACK)."""

    @abstractmethod
    async def _release(self, *, abandon: bool) -> None:
        """Roll back what is pending (or drop the connection) and give the connection back."""


class _PooledTransaction(Transaction):
    """PostgreSQL, MySQL/MariaDB: a pooled connection inside BEGIN ... COMMIT/ROLLBACK.

    Reading, it runs each statement on its own: nothing to commit, nothing to roll back.
    """

    def __init__(
        self,
        client: BaseDBAsyncClient,
        token: contextvars.Token[TortoiseContext | None],
        pool: Any,
        connection: Any,
        *,
        reading: bool = False,
        observer: PoolObserver | None = None,
    ) -> None:
        super().__init__(client, token)
        self._pool = pool
        self._connection = connection
        self._reading = reading
        self._observer = observer or _Unobserved()

    async def _finish(self, statement: str) -> None:
        if self._reading:
            msg = "work that only reads has no transaction to end"
            raise RuntimeError(msg)
        await self.client.execute_script(statement)
        await self.client.execute_script("BEGIN")

    async def _release(self, *, abandon: bool) -> None:
        try:
            if abandon:
                outage.drop_connection(self._connection)
            elif not self._reading:
                await self.client.execute_script("ROLLBACK")
        finally:
            await self._pool.release(self._connection)
            self._observer.returned(_held_open(self._pool))


class _SqliteTransactionClient(SqliteClient):
    """Tortoise's SQLite client on a connection that begins a transaction before each write."""

    async def create_connection(self, with_db: bool) -> None:  # noqa: ARG002 - one file, always
        if self._connection is not None:
            return
        connection = await aiosqlite.connect(self.filename, isolation_level="DEFERRED")
        connection.row_factory = sqlite3.Row
        for pragma, value in self.pragmas.items():
            await connection.execute(f"PRAGMA {pragma}={value}")
        self._connection = connection


class _SqliteTransaction(Transaction):
    def __init__(
        self,
        client: BaseDBAsyncClient,
        token: contextvars.Token[TortoiseContext | None],
        observer: PoolObserver,
    ) -> None:
        super().__init__(client, token)
        self._observer = observer
        observer.lent(None)

    async def _finish(self, statement: str) -> None:
        client = cast("_SqliteTransactionClient", self.client)
        if client._connection is None:
            return
        if statement == "COMMIT":
            await client._connection.commit()
        else:
            await client._connection.rollback()

    async def _release(self, *, abandon: bool) -> None:  # noqa: ARG002 - no server to wait for
        # Closing the connection rolls back whatever was not committed.
        try:
            await self.client.close()
        finally:
            self._observer.returned(None)


class Database:
    """The process's way to the database: readiness checks and transactions."""

    def __init__(self, config: dict[str, Any], pool_timeout: float = 5.0) -> None:
        self.config = config
        self.pool_timeout = pool_timeout
        self._key = json.dumps(config, sort_keys=True, default=str)
        self._observer: PoolObserver = _Unobserved()

    def observe_pool(self, observer: PoolObserver) -> None:
        """Tell ``observer`` of every connection this object's transactions borrow and return."""
        self._observer = observer

    @classmethod
    def from_settings(cls, settings: Settings) -> "Database":
        """The database of ``settings``; nothing is opened until it is used."""
        connection = connection_config(settings.database_url, settings)
        if connection["engine"] == SQLITE_ENGINE:
            ensure_sqlite_directory(str(connection["credentials"]["file_path"]))
        config = {"connections": {CONNECTION: connection}, "apps": tortoise_apps()}
        return cls(config, pool_timeout=settings.database_pool_timeout_seconds)

    @property
    def engine(self) -> str:
        """Tortoise's backend module for this database (its dialect)."""
        return str(self.config["connections"][CONNECTION]["engine"])

    async def _shared(self) -> _SharedContext:
        shared = _SHARED.get(self._key)
        if shared is None:
            shared = _SHARED[self._key] = _SharedContext(self.config)
        shared.holders.add(id(self))
        await shared.initialise()
        return shared

    async def ping(self) -> None:
        """Run a trivial query; raises when the database cannot be reached."""
        shared = await self._shared()
        await shared.context.db(CONNECTION).execute_query("SELECT 1")

    async def begin(self, *, reading: bool = False) -> Transaction:
        """A new transaction, with the ORM's context current until it is closed.

        ``reading``: the work changes nothing; on PostgreSQL it then runs without BEGIN/ROLLBACK.
        """
        with outage_as_unavailable():
            return await self._begin(reading=reading)

    async def _begin(self, *, reading: bool) -> Transaction:
        shared = await self._shared()
        parent = shared.context.db(CONNECTION)
        token = _current_context.set(shared.context)
        try:
            if isinstance(parent, SqliteClient):
                credentials = dict(self.config["connections"][CONNECTION]["credentials"])
                client = _SqliteTransactionClient(connection_name=CONNECTION, **credentials)
                return _SqliteTransaction(client, token, self._observer)
            return await self._begin_pooled(
                parent, token, reading=reading and self.engine in POSTGRESQL_ENGINES
            )
        except BaseException:
            _current_context.reset(token)
            raise

    async def _begin_pooled(
        self,
        parent: BaseDBAsyncClient,
        token: contextvars.Token[TortoiseContext | None],
        *,
        reading: bool,
    ) -> Transaction:
        opening = parent._in_transaction()
        if not isinstance(opening, TransactionContextPooled):
            msg = f"unsupported database backend: {self.engine}"
            raise TypeError(msg)
        await opening.ensure_connection()
        pool = parent._pool
        async with asyncio.timeout(self.pool_timeout):
            connection = await pool.acquire()
        self._observer.lent(_held_open(pool))
        client = opening.client
        client._connection = connection
        transaction = _PooledTransaction(
            client, token, pool, connection, reading=reading, observer=self._observer
        )
        if reading:
            return transaction
        try:
            await client.execute_script("BEGIN")
        except BaseException as error:
            if is_outage(error):
                outage.drop_connection(connection)
            await pool.release(connection)
            self._observer.returned(_held_open(pool))
            raise
        return transaction

    async def dispose(self) -> None:
        """Give up this object's hold on the shared state; the last hold closes the connections."""
        shared = _SHARED.get(self._key)
        if shared is None or id(self) not in shared.holders:
            return
        shared.holders.discard(id(self))
        if shared.holders:
            return
        del _SHARED[self._key]
        if shared.initialised:
            await shared.context.close_connections()


class SqlUnitOfWork(UnitOfWorkLifecycle):
    """One transaction per unit of work, begun on entry; its repositories query on ``client``.

    Leaving rolls back whatever was not committed and gives the connection back; an outage,
    during the work or the closing, leaves as the kernel's ServiceUnavailableError.
    ``on_commit`` is called after every commit; ``reading`` work never commits.
    """

    def __init__(
        self,
        database: Database,
        on_commit: Callable[[], None] = lambda: None,
        *,
        reading: bool = False,
    ) -> None:
        self._database = database
        self._on_commit = on_commit
        self._reading = reading
        self._transaction: Transaction | None = None

    @property
    def client(self) -> BaseDBAsyncClient:
        """The connection of this unit of work, which every repository query runs on."""
        return self._active_transaction().client

    async def _begin(self) -> None:
        if self._transaction is not None:
            msg = "this unit of work is already in use: create one per piece of work"
            raise RuntimeError(msg)
        self._transaction = await self._database.begin(reading=self._reading)

    async def _end(self, error: BaseException | None) -> None:
        transaction, self._transaction = self._active_transaction(), None
        await transaction.close(error)

    async def commit(self) -> None:
        await self._active_transaction().commit()
        self._on_commit()

    async def rollback(self) -> None:
        await self._active_transaction().rollback()

    def _active_transaction(self) -> Transaction:
        return in_use(self._transaction)
