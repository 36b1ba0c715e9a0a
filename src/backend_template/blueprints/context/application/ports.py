"""What the {{ unit.name }} use cases need from outside, as protocols the adapters satisfy."""

import uuid
from dataclasses import dataclass, field
from typing import Protocol

from {{ unit.domain }}.model import (
    {{ unit.entity_class }},
    {{ unit.entity_class }}Status,
)
from {{ unit.shared }}.events import EventPublisher
from {{ unit.shared }}.filters import Bounds
from {{ unit.shared }}.pagination import Page, PageRequest, Sort
from {{ unit.shared }}.unit_of_work import UnitOfWork

SORTABLE_FIELDS = ("name", "created_at", "updated_at", "quantity")


@dataclass(frozen=True)
class {{ unit.entity_class }}Filter:
    """Narrows a listing; None means no restriction."""

    status: {{ unit.entity_class }}Status | None = None
    # Any of these statuses; empty means any status.
    statuses: tuple[{{ unit.entity_class }}Status, ...] = ()
    name_contains: str | None = None
    quantity: Bounds[int] = field(default_factory=Bounds)


class {{ unit.entity_class }}Repository(Protocol):
    """The stored aggregates; names are unique and every write checks the version."""

    async def add(self, entity: {{ unit.entity_class }}) -> None:
        """Store a new aggregate; raises the name-taken error when its name is in use."""

    async def get(self, entity_id: uuid.UUID) -> {{ unit.entity_class }} | None:
        """The aggregate as stored, or None."""

    async def update(self, entity: {{ unit.entity_class }}, expected_version: int) -> None:
        """Store the new state if the stored version is still ``expected_version``.

        On success ``entity.version`` becomes ``expected_version + 1``; otherwise raises the
        stale-version error. A name taken by someone else meanwhile raises the name-taken error.
        """

    async def delete(self, entity_id: uuid.UUID, expected_version: int) -> None:
        """Remove it if the stored version is still ``expected_version``, else stale-version."""

    async def exists_with_name(self, name: str) -> bool:
        """Whether any stored aggregate has exactly this name."""

    async def list(
        self,
        page: PageRequest,
        sort: Sort,
        filters: {{ unit.entity_class }}Filter,
    ) -> Page[{{ unit.entity_class }}]:
        """One page of the matching aggregates, ordered by ``sort`` then by id, and their total.

        With ``page.after`` set, the page starts past that position in the same order (keyset
        paging); the total still counts every match.
        """


class {{ unit.title }}UnitOfWork(UnitOfWork, Protocol):
    """One atomic piece of work: changes are kept only when ``commit`` is called."""

    @property
    def {{ unit.entity_plural }}(self) -> {{ unit.entity_class }}Repository:
        """The repository bound to this unit of work's transaction."""

    @property
    def outbox(self) -> EventPublisher:
        """Where the work's integration events go: stored in its transaction, published after."""

    async def rollback(self) -> None:
        """Discard the changes made since the last commit."""
