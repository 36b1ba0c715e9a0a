"""The sessions table below the repository, for the security battery: as stored, and aged."""

from datetime import datetime
from typing import Any

from {{ unit.database }} import Database
from {{ unit.infrastructure }}.models import SessionRecord


async def set_session_times(database: Database, token_hash: str, **values: datetime) -> None:
    """Overwrite the timestamps of the session stored under ``token_hash``."""
    transaction = await database.begin()
    try:
        await (
            SessionRecord.filter(token_hash=token_hash)
            .using_db(transaction.client)
            .update(**values)
        )
        await transaction.commit()
    finally:
        await transaction.close()


async def session_rows(database: Database) -> list[dict[str, Any]]:
    """Every row of the sessions table, column name to value."""
    transaction = await database.begin()
    try:
        return await SessionRecord.all().using_db(transaction.client).values()
    finally:
        await transaction.close()
