"""One database transaction per unit of work, opened on entry and rolled back unless committed."""

from collections.abc import Callable

from {{ unit.database }} import SqlUnitOfWork
from {{ unit.infrastructure }}.models import Database
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


class Sql{{ unit.title }}UnitOfWork(SqlUnitOfWork):
    @property
    def {{ unit.entity_plural }}(self) -> Sql{{ unit.entity_class }}Repository:
        return Sql{{ unit.entity_class }}Repository(self.statements)

    @property
    def outbox(self) -> SqlOutbox:
        return SqlOutbox(self.session)


def unit_of_work_factory(
    database: Database,
    on_commit: Callable[[], None] = lambda: None,
) -> Callable[[], Sql{{ unit.title }}UnitOfWork]:
    """A new unit of work on ``database`` for each call: what the use cases are given.

    ``on_commit`` is called after every commit: the composition root wakes the outbox relay.
    """
    return lambda: Sql{{ unit.title }}UnitOfWork(database.session_factory, on_commit)


def read_unit_of_work_factory(database: Database) -> Callable[[], Sql{{ unit.title }}UnitOfWork]:
    """A unit of work for each query that only reads: on a connection, never committed."""
    session_factory, reads = database.session_factory, database.reads
    return lambda: Sql{{ unit.title }}UnitOfWork(session_factory, reading=reads)
