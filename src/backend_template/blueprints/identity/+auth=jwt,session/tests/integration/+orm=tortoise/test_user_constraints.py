"""The role check the migration adds beside CreateModel (which keeps it in the state only)."""

from datetime import UTC, datetime

import pytest
from tortoise.exceptions import IntegrityError, OperationalError

from {{ unit.domain }}.user import User
from {{ unit.database }} import Database
from {{ unit.infrastructure }}.mapping import (
    user_to_record,
)
from {{ unit.shared }}.ids import new_id

NOW = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


async def test_the_database_refuses_an_unknown_role(database: Database) -> None:
    record = user_to_record(
        User.register(user_id=new_id(), email="ada@example.com", password_hash="x", now=NOW)
    )
    record.role = "root"
    transaction = await database.begin()
    try:
        # MariaDB reports a failed check as an operational error, the others as integrity.
        with pytest.raises((IntegrityError, OperationalError), match="ck_users_role"):
            await record.save(using_db=transaction.client, force_create=True)
    finally:
        await transaction.close()
