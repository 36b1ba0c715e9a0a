"""Alembic environment: runs migrations on the application's database with an async engine.

The database comes from, in order: ``config.attributes["connection"]`` (a connection opened by
the caller, e.g. inside ``AsyncConnection.run_sync``), ``config.attributes["database_url"]``,
``alembic -x url=...``, then the application settings (APP_DATABASE_URL).
{%- if cookiecutter.architecture == "modular-monolith" and cookiecutter.database == "postgresql" %}

Each module keeps its tables in its own PostgreSQL schema, which its first migration creates;
Alembic's version table stays in the default schema, which no module owns.
{%- endif %}
"""

import asyncio
from logging.config import fileConfig

from alembic import context
from sqlalchemy import pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

# Importing the composition root registers every package's ORM models on the metadata.
import {{ cookiecutter.package_name }}.main  # noqa: F401
from {{ cookiecutter.package_name }}.infrastructure.database import ensure_sqlite_directory{% if cookiecutter.architecture == "modular-monolith" and cookiecutter.database == "postgresql" %}, include_name{% endif %}
from {{ cookiecutter.package_name }}.infrastructure.tables import metadata
from {{ cookiecutter.package_name }}.shared.settings import Settings

config = context.config
target_metadata = metadata

if config.config_file_name is not None and not config.attributes.get("skip_logging_config"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def database_url() -> str:
    configured = config.attributes.get("database_url")
    if isinstance(configured, str):
        return configured
    from_command_line = context.get_x_argument(as_dictionary=True).get("url")
    return from_command_line or Settings().database_url


def run_migrations_offline() -> None:
    """Emit SQL to stdout instead of running it (``alembic upgrade head --sql``)."""
    url = database_url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=url.startswith("sqlite"),
{%- if cookiecutter.architecture == "modular-monolith" and cookiecutter.database == "postgresql" %}
        include_schemas=True,
        include_name=include_name,
{%- endif %}
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        # SQLite cannot ALTER most things: batch mode recreates the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
{%- if cookiecutter.architecture == "modular-monolith" and cookiecutter.database == "postgresql" %}
        include_schemas=True,
        include_name=include_name,
{%- endif %}
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_migrations_online() -> None:
    url = database_url()
    if url.startswith("sqlite"):
        ensure_sqlite_directory(url)
    engine = create_async_engine(url, poolclass=pool.NullPool)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(run_migrations)
    finally:
        await engine.dispose()


given_connection = config.attributes.get("connection")
if context.is_offline_mode():
    run_migrations_offline()
elif isinstance(given_connection, Connection):
    run_migrations(given_connection)
else:
    asyncio.run(run_migrations_online())
