{%- set up = unit.upstream -%}
"""One database transaction per piece of work on the known {{ up.entity_plural }}."""

from collections.abc import Callable
from types import TracebackType
from typing import Self

from {{ unit.database }} import Database, outage_as_unavailable
from {{ unit.infrastructure }}.known_repository import (
    SqlKnown{{ up.entity_class }}Repository,
)
from {{ unit.tables }} import Session


class SqlKnown{{ up.entity_class }}UnitOfWork:
    def __init__(self, database: Database) -> None:
        self._database = database
        self._session: Session | None = None
        self._repository: SqlKnown{{ up.entity_class }}Repository | None = None

    @property
    def known_{{ up.entity_plural }}(self) -> SqlKnown{{ up.entity_class }}Repository:
        if self._repository is None:
            msg = "the unit of work is used outside its 'async with' block"
            raise RuntimeError(msg)
        return self._repository

    async def __aenter__(self) -> Self:
        if self._session is not None:
            msg = "this unit of work is already in use: create one per piece of work"
            raise RuntimeError(msg)
        self._session = self._database.session_factory()
        self._repository = SqlKnown{{ up.entity_class }}Repository(self._session)
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

    def _active_session(self) -> Session:
        if self._session is None:
            msg = "the unit of work is used outside its 'async with' block"
            raise RuntimeError(msg)
        return self._session


def known_unit_of_work_factory(
    database: Database,
) -> Callable[[], SqlKnown{{ up.entity_class }}UnitOfWork]:
    """A new unit of work on ``database`` for each call, for the use cases."""

    def new() -> SqlKnown{{ up.entity_class }}UnitOfWork:
        return SqlKnown{{ up.entity_class }}UnitOfWork(database)

    return new
