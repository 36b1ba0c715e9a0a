"""In-memory {{ unit.entity_class }} repository with the SQL adapter's semantics, for unit tests.

Reads see the committed rows plus this unit of work's own pending changes; writes check the
version and the unique name against that same view, like the database does.
"""

import dataclasses
import uuid
from operator import attrgetter

from {{ unit.application }}.ports import {{ unit.entity_class }}Filter
from {{ unit.domain }} import errors
from {{ unit.domain }}.model import {{ unit.entity_class }}
from {{ unit.shared }}.pagination import Page, PageRequest, Position, Sort, SortDirection

Store = dict[uuid.UUID, {{ unit.entity_class }}]


def snapshot(entity: {{ unit.entity_class }}) -> {{ unit.entity_class }}:
    """A detached copy, as if written and read back: later changes to either do not leak."""
    return dataclasses.replace(entity, events=[])


class InMemory{{ unit.entity_class }}Repository:
    def __init__(self, committed: Store) -> None:
        self._committed = committed
        self.pending: dict[uuid.UUID, {{ unit.entity_class }} | None] = {}

    def apply_pending(self) -> None:
        for entity_id, entity in self.pending.items():
            if entity is None:
                self._committed.pop(entity_id, None)
            else:
                self._committed[entity_id] = entity
        self.pending.clear()

    def _stored(self, entity_id: uuid.UUID) -> {{ unit.entity_class }} | None:
        if entity_id in self.pending:
            return self.pending[entity_id]
        return self._committed.get(entity_id)

    def _visible(self) -> tuple[{{ unit.entity_class }}, ...]:
        ids = self._committed.keys() | self.pending.keys()
        found = (self._stored(entity_id) for entity_id in ids)
        return tuple(entity for entity in found if entity is not None)

    def _name_taken(self, name: str, by_other_than: uuid.UUID) -> bool:
        return any(e.name == name and e.id != by_other_than for e in self._visible())

    async def add(self, entity: {{ unit.entity_class }}) -> None:
        if self._name_taken(entity.name, entity.id):
            raise errors.{{ unit.entity_class }}NameTakenError(entity.name)
        self.pending[entity.id] = snapshot(entity)

    async def get(self, entity_id: uuid.UUID) -> {{ unit.entity_class }} | None:
        stored = self._stored(entity_id)
        return None if stored is None else snapshot(stored)

    async def update(self, entity: {{ unit.entity_class }}, expected_version: int) -> None:
        stored = self._stored(entity.id)
        if stored is None or stored.version != expected_version:
            raise errors.Stale{{ unit.entity_class }}Error(entity.id, expected_version)
        if self._name_taken(entity.name, entity.id):
            raise errors.{{ unit.entity_class }}NameTakenError(entity.name)
        entity.version = expected_version + 1
        self.pending[entity.id] = snapshot(entity)

    async def delete(self, entity_id: uuid.UUID, expected_version: int) -> None:
        stored = self._stored(entity_id)
        if stored is None or stored.version != expected_version:
            raise errors.Stale{{ unit.entity_class }}Error(entity_id, expected_version)
        self.pending[entity_id] = None

    async def exists_with_name(self, name: str) -> bool:
        return any(entity.name == name for entity in self._visible())

    async def list(
        self,
        page: PageRequest,
        sort: Sort,
        filters: {{ unit.entity_class }}Filter,
    ) -> Page[{{ unit.entity_class }}]:
        matching = [entity for entity in self._visible() if self._matches(entity, filters)]
        # Sorting is stable: ordering by id first makes it the tie-breaker, as in SQL.
        matching.sort(key=attrgetter("id"))
        descending = sort.direction is SortDirection.DESC
        matching.sort(key=attrgetter(sort.field), reverse=descending)
        if page.after is not None:
            matching = [e for e in matching if self._past(e, sort, page.after)]
        window = matching[page.offset : page.offset + page.limit]
        return Page(
            items=[snapshot(entity) for entity in window],
            total=len(matching),
            offset=page.offset,
            limit=page.limit,
        )

    @staticmethod
    def _past(entity: {{ unit.entity_class }}, sort: Sort, after: Position) -> bool:
        value = getattr(entity, sort.field)
        beyond = (
            value < after.value if sort.direction is SortDirection.DESC else value > after.value
        )
        return bool(beyond or (value == after.value and entity.id > after.id))

    @staticmethod
    def _matches(entity: {{ unit.entity_class }}, filters: {{ unit.entity_class }}Filter) -> bool:
        if filters.status is not None and entity.status is not filters.status:
            return False
        if filters.statuses and entity.status not in filters.statuses:
            return False
        if not filters.quantity.admits(entity.quantity):
            return False
        needle = filters.name_contains
        return needle is None or needle.lower() in entity.name.lower()
