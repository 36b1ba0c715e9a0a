{%- set up = unit.upstream -%}
"""Known records: what this context knows of the {{ up.name }} {{ up.entity_plural }}.

This context keeps its own copy of what it needs to know about each {{ up.entity_class }},
fed by the events it follows (see ``upstream_events``), so that it never needs to ask the
other context at request time. The copy is eventually consistent: it lags behind by the time
the events take to arrive. Where the other context runs as a service of its own, a read may
ask it first (a ``Known{{ up.entity_class }}LiveSource``) and fall back on the copy.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from {{ unit.shared }}.errors import ConcurrentUpdateError, NotFoundError
from {{ unit.shared }}.pagination import Page, PageRequest
from {{ unit.shared }}.unit_of_work import UnitOfWork

# What the local name column holds: longer than the {{ up.name }} context's own limit.
NAME_MAX_LENGTH = 200


class KnownSource(StrEnum):
    """Where a record served comes from: the owner asked just now, or the local record."""

    LIVE = "live"
    LOCAL = "local"


class Known{{ up.entity_class }}Status(StrEnum):
    """The status the {{ up.name }} events announced; unknown until one of them says it."""

    UNKNOWN = "unknown"
    DRAFT = "draft"
    ACTIVE = "active"
    ARCHIVED = "archived"


@dataclass(frozen=True)
class Known{{ up.entity_class }}:
    """One {{ up.entity_class }} as this context knows it.

    ``deleted`` is a tombstone: the {{ up.entity }} is gone and nothing brings it back.
    ``last_event_at`` is when the latest event applied to it happened, and ``events_applied`` how
    many were applied (which is also the record's version for concurrent writers). A record
    read live (``source``) has the owner's last change and version in their place.
    """

    id: uuid.UUID
    name: str
    status: Known{{ up.entity_class }}Status
    quantity: int
    deleted: bool
    last_event_at: datetime
    events_applied: int
    source: KnownSource = KnownSource.LOCAL


class Known{{ up.entity_class }}NotFoundError(NotFoundError):
    def __init__(self, entity_id: uuid.UUID) -> None:
        super().__init__(
            f"no event of {{ up.entity }} {entity_id} has arrived here",
            details={"id": str(entity_id)},
        )


class Known{{ up.entity_class }}ConflictError(ConcurrentUpdateError):
    """Another writer stored the same record first: read it again and retry."""

    def __init__(self, entity_id: uuid.UUID) -> None:
        super().__init__(
            f"the record of {{ up.entity }} {entity_id} changed meanwhile",
            details={"id": str(entity_id)},
        )


class Known{{ up.entity_class }}Repository(Protocol):
    """The records of the known {{ up.entity_plural }}, one per id; writes never overwrite blindly."""

    async def get(self, entity_id: uuid.UUID) -> Known{{ up.entity_class }} | None:
        """The record as stored, or None."""

    async def add(self, known: Known{{ up.entity_class }}) -> None:
        """Store the first record of an id.

        Raises Known{{ up.entity_class }}ConflictError when that id is already stored.
        """

    async def replace(self, known: Known{{ up.entity_class }}, events_applied_before: int) -> None:
        """Store ``known`` over the stored record if that one has ``events_applied_before``.

        Otherwise another writer got there first: raises Known{{ up.entity_class }}ConflictError.
        """

    async def list(self, page: PageRequest) -> Page[Known{{ up.entity_class }}]:
        """One page of the records, tombstones included, by name then id, and their total."""


class Known{{ up.entity_class }}LiveSource(Protocol):
    """The {{ up.name }} context's record of one {{ up.entity }}, read at request time."""

    async def get(self, entity_id: uuid.UUID) -> Known{{ up.entity_class }} | None:
        """The record as its owner has it now (source live), or None when the owner has none.

        Raises ServiceUnavailableError when the owner cannot answer now.
        """


class Known{{ up.entity_class }}UnitOfWork(UnitOfWork, Protocol):
    """One atomic piece of work on the known records: changes are kept only on ``commit``."""

    @property
    def known_{{ up.entity_plural }}(self) -> Known{{ up.entity_class }}Repository:
        """The repository bound to this unit of work's transaction."""
