"""One database transaction per unit of work, opened on entry and rolled back unless committed."""

from collections.abc import Callable
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import async_sessionmaker

from {{ unit.database }} import outage_as_unavailable
from {{ unit.infrastructure }}.models import Database, Session
from {{ unit.infrastructure }}.repository import (
    Sql{{ unit.entity_class }}Repository,
)
from {{ unit.package }}.infrastructure.outbox.store import SqlOutbox

# The database the unit of work is built on, named beside it for the wiring and the tests.
__all__ = [
{%- for name in ["Database", "SessionFactory", "Sql" ~ unit.title ~ "UnitOfWork", "read_unit_of_work_factory", "unit_of_work_factory"] | sort(case_sensitive=true) %}
    "{{ name }}",
{%- endfor %}
]

SessionFactory = async_sessionmaker[Session]


class Sql{{ unit.title }}UnitOfWork:
    def __init__(
        self,
        session_factory: SessionFactory,
        on_commit: Callable[[], None] = lambda: None,
    ) -> None:
        self._session_factory = session_factory
        self._on_commit = on_commit
        self._session: Session | None = None
        self._repository: Sql{{ unit.entity_class }}Repository | None = None

    @property
    def {{ unit.entity_plural }}(self) -> Sql{{ unit.entity_class }}Repository:
        if self._repository is None:
            msg = "the unit of work is used outside its 'async with' block"
            raise RuntimeError(msg)
        return self._repository

    @property
    def outbox(self) -> SqlOutbox:
        return SqlOutbox(self._active_session())

    async def __aenter__(self) -> Self:
        if self._session is not None:
            msg = "this unit of work is already in use: create one per piece of work"
            raise RuntimeError(msg)
        self._session = self._session_factory()
        self._repository = Sql{{ unit.entity_class }}Repository(self._session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        session = self._active_session()
        self._session, self._repository = None, None
        # Closing rolls back whatever was not committed and returns the connection to the pool;
        # an outage, during the work or the closing, leaves as ServiceUnavailableError.
        with outage_as_unavailable(exc):
            await session.close()

    async def commit(self) -> None:
        await self._active_session().commit()
        self._on_commit()

    async def rollback(self) -> None:
        await self._active_session().rollback()

    def _active_session(self) -> Session:
        if self._session is None:
            msg = "the unit of work is used outside its 'async with' block"
            raise RuntimeError(msg)
        return self._session


def unit_of_work_factory(
    database: Database,
    on_commit: Callable[[], None] = lambda: None,
) -> Callable[[], Sql{{ unit.title }}UnitOfWork]:
    """A new unit of work on ``database`` for each call: what the use cases are given.

    ``on_commit`` is called after every commit: the composition root wakes the outbox relay.
    """

    def new() -> Sql{{ unit.title }}UnitOfWork:
        return Sql{{ unit.title }}UnitOfWork(database.session_factory, on_commit)

    return new


def read_unit_of_work_factory(database: Database) -> Callable[[], Sql{{ unit.title }}UnitOfWork]:
    """A unit of work for each query that only reads: it never commits (see ``reading_engine``)."""

    def new() -> Sql{{ unit.title }}UnitOfWork:
        return Sql{{ unit.title }}UnitOfWork(database.read_session_factory)

    return new
