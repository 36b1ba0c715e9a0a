"""Fixtures of the {{ unit.name }} integration tests: sessions on the migrated test database."""

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from {{ unit.database }} import Database


@pytest.fixture
def session_factory(database: Database) -> async_sessionmaker[AsyncSession]:
    return database.session_factory
