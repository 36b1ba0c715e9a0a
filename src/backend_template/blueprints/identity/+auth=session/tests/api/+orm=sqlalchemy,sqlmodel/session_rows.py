"""The sessions table below the repository, for the security battery: as stored, and aged."""

from datetime import datetime
from typing import Any

from sqlalchemy import Table, select, update

from {{ unit.database }} import Database
from {{ unit.tables }} import metadata


def sessions_table() -> Table:
    """The table as the metadata declares it: the same for SQLAlchemy and SQLModel models."""
{%- if unit.schema %}
    # A table in a schema is keyed by its qualified name.
    return metadata.tables["{{ unit.schema }}.sessions"]
{%- else %}
    return metadata.tables["sessions"]
{%- endif %}


async def set_session_times(database: Database, token_hash: str, **values: datetime) -> None:
    """Overwrite the timestamps of the session stored under ``token_hash``."""
    table = sessions_table()
    async with database.engine.begin() as connection:
        await connection.execute(
            update(table).where(table.c.token_hash == token_hash).values(**values)
        )


async def session_rows(database: Database) -> list[dict[str, Any]]:
    """Every row of the sessions table, column name to value."""
    async with database.engine.connect() as connection:
        rows = (await connection.execute(select(sessions_table()))).mappings().all()
    return [dict(row) for row in rows]
