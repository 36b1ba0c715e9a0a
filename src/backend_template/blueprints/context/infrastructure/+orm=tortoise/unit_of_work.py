"""One database transaction per unit of work, begun on entry and rolled back unless committed."""

from collections.abc import Callable
from types import TracebackType
from typing import Self

from {{ unit.infrastructure }}.models import (
    Database,
    Transaction,
)
from {{ unit.infrastructure }}.repository import (
    Sql{{ unit.entity_class }}Repository,
)
from {{ unit.package }}.infrastructure.outbox.store import SqlOutbox

# The database the unit of work is built on, named beside it for the wiring and the tests.
__all__ = [
{%- for name in ["Database", "Sql" ~ unit.title ~ "UnitOfWork", "read_unit_of_work_factory", "unit_of_work_factory"] | sort(case_sensitive=true) %}
    "{{ name }}",
{%- endfor %}
]


class Sql{{ unit.title }}UnitOfWork:
    def __init__(
        self,
        database: Database,
        on_commit: Callable[[], None] = lambda: None,
        *,
        reading: bool = False,
    ) -> None:
        self._database = database
        self._on_commit = on_commit
        self._reading = reading
        self._transaction: Transaction | None = None
        self._repository: Sql{{ unit.entity_class }}Repository | None = None

    @property
    def {{ unit.entity_plural }}(self) -> Sql{{ unit.entity_class }}Repository:
        if self._repository is None:
            msg = "the unit of work is used outside its 'async with' block"
            raise RuntimeError(msg)
        return self._repository

    @property
    def outbox(self) -> SqlOutbox:
        return SqlOutbox(self._active_transaction().client)

    async def __aenter__(self) -> Self:
        if self._transaction is not None:
            msg = "this unit of work is already in use: create one per piece of work"
            raise RuntimeError(msg)
        self._transaction = await self._database.begin(reading=self._reading)
        self._repository = Sql{{ unit.entity_class }}Repository(self._transaction.client)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        transaction = self._active_transaction()
        self._transaction, self._repository = None, None
        # Closing rolls back whatever was not committed and gives the connection back; an
        # outage, during the work or the closing, leaves as the kernel's ServiceUnavailableError.
        await transaction.close(exc)

    async def commit(self) -> None:
        await self._active_transaction().commit()
        self._on_commit()

    async def rollback(self) -> None:
        await self._active_transaction().rollback()

    def _active_transaction(self) -> Transaction:
        if self._transaction is None:
            msg = "the unit of work is used outside its 'async with' block"
            raise RuntimeError(msg)
        return self._transaction


def unit_of_work_factory(
    database: Database,
    on_commit: Callable[[], None] = lambda: None,
) -> Callable[[], Sql{{ unit.title }}UnitOfWork]:
    """A new unit of work on ``database`` for each call: what the use cases are given.

    ``on_commit`` is called after every commit: the composition root wakes the outbox relay.
    """

    def new() -> Sql{{ unit.title }}UnitOfWork:
        return Sql{{ unit.title }}UnitOfWork(database, on_commit)

    return new


def read_unit_of_work_factory(database: Database) -> Callable[[], Sql{{ unit.title }}UnitOfWork]:
    """A unit of work for each query that only reads: it never commits (see ``Database.begin``)."""

    def new() -> Sql{{ unit.title }}UnitOfWork:
        return Sql{{ unit.title }}UnitOfWork(database, reading=True)

    return new
