{%- set up = unit.upstream -%}
"""One database transaction per piece of work on the known {{ up.entity_plural }}."""

from collections.abc import Callable
from types import TracebackType
from typing import Self

from {{ unit.database }} import Database, outage_as_unavailable
from {{ unit.infrastructure }}.known_repository import (
    Sql{{ up.entity_class }}ProjectionRepository,
)
from {{ unit.tables }} import Session


class SqlAlchemy{{ up.title }}ProjectionUnitOfWork:
    def __init__(self, database: Database) -> None:
        self._database = database
        self._session: Session | None = None
        self._repository: Sql{{ up.entity_class }}ProjectionRepository | None = None

    @property
    def known_{{ up.entity_plural }}(self) -> Sql{{ up.entity_class }}ProjectionRepository:
        if self._repository is None:
            msg = "the unit of work is used outside its 'async with' block"
            raise RuntimeError(msg)
        return self._repository

    async def __aenter__(self) -> Self:
        if self._session is not None:
            msg = "this unit of work is already in use: create one per piece of work"
            raise RuntimeError(msg)
        self._session = self._database.session_factory()
        self._repository = Sql{{ up.entity_class }}ProjectionRepository(self._session)
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


def projection_unit_of_work_factory(
    database: Database,
) -> Callable[[], SqlAlchemy{{ up.title }}ProjectionUnitOfWork]:
    """A new unit of work on ``database`` for each call: what the projection's use cases get."""

    def new() -> SqlAlchemy{{ up.title }}ProjectionUnitOfWork:
        return SqlAlchemy{{ up.title }}ProjectionUnitOfWork(database)

    return new
