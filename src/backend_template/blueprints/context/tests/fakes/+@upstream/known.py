{%- set up = unit.upstream -%}
"""In-memory known {{ up.entity_plural }}, with the SQL adapter's semantics.

Writes check the stored record as the database does (a first record for a stored id, or a
replacement of a record that moved, is a conflict); changes reach the store only on commit.
"""

import uuid
from collections.abc import Callable
from operator import attrgetter

from {{ unit.application }}.known import (
    Known{{ up.entity_class }},
    Known{{ up.entity_class }}ConflictError,
)
from {{ unit.shared }}.pagination import Page, PageRequest
from {{ unit.shared }}.unit_of_work import UnitOfWorkLifecycle, in_use

Records = dict[uuid.UUID, Known{{ up.entity_class }}]


class InMemoryKnown{{ up.entity_class }}Repository:
    def __init__(self, committed: Records, before_write: Callable[[], None]) -> None:
        self._committed = committed
        self._before_write = before_write
        self.pending: Records = {}

    def _stored(self, entity_id: uuid.UUID) -> Known{{ up.entity_class }} | None:
        if entity_id in self.pending:
            return self.pending[entity_id]
        return self._committed.get(entity_id)

    async def get(self, entity_id: uuid.UUID) -> Known{{ up.entity_class }} | None:
        return self._stored(entity_id)

    async def add(self, known: Known{{ up.entity_class }}) -> None:
        self._before_write()
        if self._stored(known.id) is not None:
            raise Known{{ up.entity_class }}ConflictError(known.id)
        self.pending[known.id] = known

    async def replace(self, known: Known{{ up.entity_class }}, events_applied_before: int) -> None:
        self._before_write()
        stored = self._stored(known.id)
        if stored is None or stored.events_applied != events_applied_before:
            raise Known{{ up.entity_class }}ConflictError(known.id)
        self.pending[known.id] = known

    async def list(self, page: PageRequest) -> Page[Known{{ up.entity_class }}]:
        records = sorted({**self._committed, **self.pending}.values(), key=attrgetter("name", "id"))
        return Page(
            items=records[page.offset : page.offset + page.limit],
            total=len(records),
            offset=page.offset,
            limit=page.limit,
        )


class InMemoryKnown{{ up.entity_class }}UnitOfWork(UnitOfWorkLifecycle):
    """Give two of them the same ``committed`` records to play concurrent deliveries.

    ``meanwhile`` holds records another writer commits just before this work's next write,
    one per write: a concurrent delivery that got there first.
    """

    def __init__(self, committed: Records | None = None) -> None:
        self.committed: Records = {} if committed is None else committed
        self.meanwhile: list[Known{{ up.entity_class }}] = []
        self.commits = 0
        self._repository: InMemoryKnown{{ up.entity_class }}Repository | None = None

    def seed(self, *records: Known{{ up.entity_class }}) -> None:
        """Store records as already committed, without counting a commit."""
        for known in records:
            self.committed[known.id] = known

    def _other_writer_commits(self) -> None:
        if self.meanwhile:
            self.seed(self.meanwhile.pop(0))

    @property
    def known_{{ up.entity_plural }}(self) -> InMemoryKnown{{ up.entity_class }}Repository:
        return in_use(self._repository)

    async def _begin(self) -> None:
        self._repository = InMemoryKnown{{ up.entity_class }}Repository(
            self.committed,
            self._other_writer_commits,
        )

    async def _end(self, error: BaseException | None) -> None:
        del error  # in memory, what was not committed is dropped with the working copy
        self._repository = None

    async def commit(self) -> None:
        self.committed.update(self.known_{{ up.entity_plural }}.pending)
        self.known_{{ up.entity_plural }}.pending.clear()
        self.commits += 1
