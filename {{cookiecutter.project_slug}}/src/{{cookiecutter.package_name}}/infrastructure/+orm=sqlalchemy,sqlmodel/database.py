"""The database connection: one async engine per process, its sessions, the shared column types."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, String, event, text
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.types import TypeDecorator, TypeEngine

from {{ cookiecutter.package_name }}.infrastructure.tables import Session{% if cookiecutter.architecture == "modular-monolith" and cookiecutter.database == "postgresql" %}, metadata{% endif %}
from {{ cookiecutter.package_name }}.shared.settings import Settings

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


def _enable_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def ensure_sqlite_directory(url: str) -> None:
    """Create the directory of a SQLite database file, which SQLite will not do itself."""
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


class Database:
    """Owns the engine and hands out sessions; the composition root creates exactly one."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.session_factory = async_sessionmaker(engine, class_=Session, expire_on_commit=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> "Database":
        """The engine for ``settings``; SQL echo goes through logging (APP_DATABASE_ECHO)."""
        url = settings.database_url
        if url.startswith("sqlite"):
            ensure_sqlite_directory(url)
            engine = create_async_engine(url)
            event.listen(engine.sync_engine, "connect", _enable_sqlite_pragmas)
        else:
            engine = create_async_engine(
                url,
                pool_size=settings.database_pool_size,
                max_overflow=settings.database_max_overflow,
                pool_timeout=settings.database_pool_timeout,
                pool_recycle=settings.database_pool_recycle,
                pool_pre_ping=True,
            )
        return cls(engine)

    async def ping(self) -> None:
        """Run a trivial query; raises when the database cannot be reached."""
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()
