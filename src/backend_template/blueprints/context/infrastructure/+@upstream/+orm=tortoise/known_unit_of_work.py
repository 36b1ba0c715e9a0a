{%- set up = unit.upstream -%}
"""One database transaction per piece of work on the known {{ up.entity_plural }}."""

from collections.abc import Callable

from {{ unit.database }} import Database, SqlUnitOfWork
from {{ unit.infrastructure }}.known_repository import (
    SqlKnown{{ up.entity_class }}Repository,
)


class SqlKnown{{ up.entity_class }}UnitOfWork(SqlUnitOfWork):
    @property
    def known_{{ up.entity_plural }}(self) -> SqlKnown{{ up.entity_class }}Repository:
        return SqlKnown{{ up.entity_class }}Repository(self.client)


def known_unit_of_work_factory(
    database: Database,
) -> Callable[[], SqlKnown{{ up.entity_class }}UnitOfWork]:
    """A new unit of work on ``database`` for each call, for the use cases."""
    return lambda: SqlKnown{{ up.entity_class }}UnitOfWork(database)
