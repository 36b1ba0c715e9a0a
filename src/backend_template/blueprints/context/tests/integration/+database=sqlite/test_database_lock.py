"""A SQLite database locked by another writer fails a write in seconds, then writes recover.

Another connection holds the write lock past the busy timeout (the statement timeout): the
write answers 503 ``unavailable`` with Retry-After instead of waiting, reads go on (WAL lets
them), and once the lock is released the same write succeeds.
"""

import sqlite3
import time
import uuid
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from {{ unit.package }}.main import create_app
from {{ unit.shared }}.settings import Settings

# isort: split
from tests.api.helpers import create, error_of
from tests.api.{{ unit.name }}.helpers import BASE

STATEMENT_TIMEOUT_SECONDS = 0.5
RETRY_AFTER_SECONDS = 7
MARGIN_SECONDS = 1.0


def database_file(url: str) -> str:
    """The file of a SQLite URL (SQLAlchemy: ``sqlite+aiosqlite:///path``, Tortoise: ``sqlite://path``)."""
    scheme, _, rest = url.partition("://")
    return rest[1:] if "+" in scheme else rest


@pytest.fixture
async def short_waits(
    settings: Settings, migrated_database: str
) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the application with a short statement (busy) timeout."""
    application = create_app(
        settings.model_copy(
            update={
                "database_url": migrated_database,
                "database_statement_timeout_seconds": STATEMENT_TIMEOUT_SECONDS,
                "unavailable_retry_after_seconds": RETRY_AFTER_SECONDS,
            }
        )
    )
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield http


@pytest.fixture
def locked(migrated_database: str) -> Iterator[sqlite3.Connection]:
    """Another connection holding the database's write lock until the test releases it."""
    holder = sqlite3.connect(database_file(migrated_database), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield holder
    finally:
        if holder.in_transaction:
            holder.execute("ROLLBACK")
        holder.close()


# ``locked`` comes last: fixtures are set up in argument order, the caller's account first.
async def test_a_locked_database_answers_503_in_time_and_writes_recover(
    admin_headers: dict[str, str], short_waits: httpx.AsyncClient, locked: sqlite3.Connection
) -> None:
    started = time.monotonic()
    write = await short_waits.post(
        BASE, json={"name": f"Locked {uuid.uuid4().hex[:8]}"}, headers=admin_headers
    )
    seconds = time.monotonic() - started
    read = await short_waits.get(BASE, headers=admin_headers)

    assert write.status_code == 503, write.text
    assert error_of(write)["code"] == "unavailable"
    assert write.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert seconds < STATEMENT_TIMEOUT_SECONDS + MARGIN_SECONDS
    assert read.status_code == 200

    locked.execute("ROLLBACK")
    created = await create(short_waits, BASE, admin_headers, f"Unlocked {uuid.uuid4().hex[:8]}")
    assert created["name"].startswith("Unlocked")
