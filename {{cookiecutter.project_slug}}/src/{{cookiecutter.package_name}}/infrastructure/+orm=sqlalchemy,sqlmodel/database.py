"""The database connection: one async engine per process, its sessions, the shared column types."""

import ipaddress
import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import DateTime, Executable, String, event, exc, text
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import URL, Dialect, ExceptionContext, Result, make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.types import TypeDecorator, TypeEngine

from {{ cookiecutter.package_name }}.infrastructure.tables import Session{% if cookiecutter.architecture == "modular-monolith" and cookiecutter.database == "postgresql" %}, metadata{% endif %}
from {{ cookiecutter.package_name }}.infrastructure import outage
from {{ cookiecutter.package_name }}.shared.unit_of_work import UnitOfWorkLifecycle, in_use

# SQLAlchemy names a MariaDB server's dialect "mariadb" and MySQL's "mysql"; both behave alike here.
MYSQL_DIALECTS = ("mysql", "mariadb")
# Backends whose date-time columns keep no offset: values go in as naive UTC.
ZONELESS_DIALECTS = ("sqlite", *MYSQL_DIALECTS)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC moment, to the microsecond, on every backend.

    PostgreSQL keeps the offset. SQLite and MySQL/MariaDB keep none, so values are written in
    UTC and labelled UTC on the way out; MySQL/MariaDB also drop the fraction of a second
    unless the column says otherwise (DATETIME(6)).
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name in MYSQL_DIALECTS:
            return dialect.type_descriptor(mysql.DATETIME(fsp=6))
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            msg = "naive datetimes are ambiguous; store timezone-aware UTC values"
            raise ValueError(msg)
        moment = value.astimezone(UTC)
        return moment.replace(tzinfo=None) if dialect.name in ZONELESS_DIALECTS else moment

    def process_result_value(self, value: datetime | None, _dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def case_sensitive_string(length: int) -> TypeEngine[str]:
    """A VARCHAR compared character for character, as PostgreSQL and SQLite compare text.

    MySQL/MariaDB compare by the column's collation, case-insensitive by default: a unique
    name would refuse "Widget" beside "widget" there. The binary collation keeps them apart.
    """
    return String(length).with_variant(
        mysql.VARCHAR(length, charset="utf8mb4", collation="utf8mb4_bin"), *MYSQL_DIALECTS
    )

{%- if cookiecutter.architecture == "modular-monolith" and cookiecutter.database == "postgresql" %}


def module_schemas() -> frozenset[str]:
    """The schemas the modules own, each created by the module's first migration."""
    return frozenset(table.schema for table in metadata.tables.values() if table.schema)


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    """Alembic's filter: compare the modules' schemas and the default one, no other."""
    return type_ != "schema" or name is None or name in module_schemas()
{%- endif %}


def _sqlite_pragmas(busy_timeout_ms: int) -> Callable[[Any, Any], None]:
    def enable(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        cursor.close()

    return enable


def _sqlalchemy_outage(error: BaseException) -> bool:
    # No free connection in the pool in time, or a statement that found its connection gone.
    return isinstance(error, exc.TimeoutError) or (
        isinstance(error, exc.DBAPIError) and error.connection_invalidated
    )


def is_outage(error: BaseException | None) -> bool:
    """Whether ``error`` says the database cannot serve right now (see ``outage``)."""
    return outage.is_outage(error, _sqlalchemy_outage)


def outage_as_unavailable(pending: BaseException | None = None) -> AbstractContextManager[None]:
    """Let an outage out as ``ServiceUnavailableError`` (see ``outage.outage_as_unavailable``)."""
    return outage.outage_as_unavailable(_sqlalchemy_outage, pending)


def _drop_timed_out_connection(context: ExceptionContext) -> None:
    """Drop a connection whose statement timed out at once, without a word to the server.

    SQLAlchemy would discard it politely: asyncpg would first ask the silent server to cancel
    the statement, then say goodbye, each waiting as long again.
    """
    if not isinstance(context.original_exception, TimeoutError) or context.connection is None:
        return
    context.is_disconnect = True
    outage.drop_connection(context.connection.connection.driver_connection)


def ensure_sqlite_directory(url: str) -> None:
    """Create the directory of a SQLite database file, which SQLite will not do itself."""
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def _is_loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def tls_arguments(url: URL) -> dict[str, Any]:
    """asyncpg's TLS for a server on this machine: none, unless the URL or PGSSLMODE asks.

    Left alone, asyncpg behaves as libpq's ``sslmode=prefer``: every new connection first asks
    the server for TLS and is refused by a local server without it (a round trip and, with
    it, a TLS handshake attempt per connection). Over loopback TLS protects nothing; any
    other host keeps the driver's choice, and ``?ssl=...`` in the URL always wins.
    """
    if url.get_driver_name() != "asyncpg" or "ssl" in url.query or "sslmode" in url.query:
        return {}
    if os.environ.get("PGSSLMODE") or not _is_loopback(url.host):
        return {}
    return {"ssl": False}


def reading_engine(engine: AsyncEngine) -> AsyncEngine:
    """The engine for work that only reads, on the same pool.

    On PostgreSQL each statement then runs on its own, without a BEGIN before and a ROLLBACK
    after it: two round trips fewer per read, and the same snapshots, since every statement of
    a READ COMMITTED transaction takes a fresh one anyway. MySQL/MariaDB would pay a round trip
    to switch autocommit on and off again, and SQLite has no round trips: both keep the default.
    """
    if engine.dialect.name == "postgresql":
        return engine.execution_options(isolation_level="AUTOCOMMIT")
    return engine


class Statements(Protocol):
    """Where a repository runs its statements: a unit of work's session, or for work that only
    reads, its connection."""

    async def execute(self, statement: Executable, parameters: Any = None, /) -> Result[Any]:
        """Run ``statement`` with ``parameters`` bound."""
        ...


def writing(statements: Statements) -> Session:
    """The session that writes; a unit of work that only reads has none, and changes nothing."""
    if isinstance(statements, Session):
        return statements
    msg = "this unit of work only reads: changes are made in a unit of work that writes"
    raise TypeError(msg)


class DatabaseSettings(Protocol):
    """What the engine is made from: the service's ``database_*`` settings."""

    @property
    def database_url(self) -> str: ...

    @property
    def database_statement_timeout_seconds(self) -> float: ...

    @property
    def database_connect_timeout_seconds(self) -> float: ...

    @property
    def database_pool_size(self) -> int: ...

    @property
    def database_max_overflow(self) -> int: ...

    @property
    def database_pool_timeout_seconds(self) -> float: ...

    @property
    def database_pool_recycle_seconds(self) -> int: ...


class Database:
    """Owns the engine and hands out sessions; the composition root creates exactly one.

    ``reads`` is the engine of work that changes nothing (see ``reading_engine``).
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.session_factory = async_sessionmaker(engine, class_=Session, expire_on_commit=False)
        self.reads = reading_engine(engine)

    @classmethod
    def from_settings(cls, settings: DatabaseSettings) -> "Database":
        """The engine for ``settings``; SQL echo goes through logging (APP_DATABASE_ECHO)."""
        url = settings.database_url
        statement_timeout = settings.database_statement_timeout_seconds
        if url.startswith("sqlite"):
            ensure_sqlite_directory(url)
            # SQLite's only wait is for another writer's lock: bounded like a statement.
            engine = create_async_engine(url, connect_args={"timeout": statement_timeout})
            busy_timeout_ms = round(statement_timeout * 1000)
            event.listen(engine.sync_engine, "connect", _sqlite_pragmas(busy_timeout_ms))
        else:
            parsed = make_url(url)
            connect_timeout = settings.database_connect_timeout_seconds
            timeouts = outage.timeout_arguments(
                parsed.get_driver_name(), connect_timeout, statement_timeout
            )
            engine = create_async_engine(
                url,
                connect_args={**timeouts, **tls_arguments(parsed)},
                pool_size=settings.database_pool_size,
                max_overflow=settings.database_max_overflow,
                pool_timeout=settings.database_pool_timeout_seconds,
                # No ping before each checkout (a round trip on every request): a connection a
                # database restart closed fails its first statement, which SQLAlchemy reports as
                # a disconnect; that request answers 503 and the whole pool is renewed, so the
                # next ones reconnect. Recycling retires connections before servers or
                # firewalls drop them idle.
                pool_recycle=settings.database_pool_recycle_seconds,
                pool_pre_ping=False,
            )
            event.listen(engine.sync_engine, "handle_error", _drop_timed_out_connection)
        return cls(engine)

    async def ping(self) -> None:
        """Run a trivial query; raises when the database cannot be reached."""
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()


class SqlUnitOfWork(UnitOfWorkLifecycle):
    """One session per unit of work, opened on entry; its repositories are built on ``session``.

    Leaving closes the session, which rolls back whatever was not committed and returns the
    connection to the pool; ``on_commit`` is called after every commit.

    Work that only reads (``reading``, an engine) runs its statements on a connection of its
    own instead: no ORM session is built, begun and closed around a read, which is most of
    what SQLAlchemy costs one. Such a unit of work refuses to write or commit.
    """

    def __init__(
        self,
        session_factory: async_sessionmaker[Session],
        on_commit: Callable[[], None] = lambda: None,
        *,
        reading: AsyncEngine | None = None,
    ) -> None:
        self._session_factory = session_factory
        self._on_commit = on_commit
        self._reading = reading
        self._session: Session | None = None
        self._connection: AsyncConnection | None = None

    @property
    def session(self) -> Session:
        return writing(self.statements)

    @property
    def statements(self) -> Statements:
        """Where the repositories run their statements while the work is under way."""
        if self._reading is not None:
            return in_use(self._connection)
        return in_use(self._session)

    async def _begin(self) -> None:
        if self._session is not None or self._connection is not None:
            msg = "this unit of work is already in use: create one per piece of work"
            raise RuntimeError(msg)
        if self._reading is None:
            self._session = self._session_factory()
            return
        with outage_as_unavailable(None):
            self._connection = await self._reading.connect()

    async def _end(self, error: BaseException | None) -> None:
        session, self._session = self._session, None
        connection, self._connection = self._connection, None
        # An outage, during the work or the closing, leaves as ServiceUnavailableError.
        with outage_as_unavailable(error):
            if session is not None:
                await session.close()
            if connection is not None:
                await connection.close()

    async def commit(self) -> None:
        await self.session.commit()
        self._on_commit()

    async def rollback(self) -> None:
        await self.session.rollback()
