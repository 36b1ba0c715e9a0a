"""Offset and keyset pagination and sorting, independent of HTTP and of storage."""

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")

MAX_LIMIT = 100
# The largest offset accepted: every supported database takes it, and no list is that long.
MAX_OFFSET = 2_147_483_647


# What a sortable field holds: the keyset of a page ends on one of them.
SortValue = str | int | datetime


@dataclass(frozen=True)
class Position:
    """Where a page ended: its last item's sort value and id (the tie-breaker)."""

    value: SortValue
    id: uuid.UUID


@dataclass(frozen=True)
class PageRequest:
    """A page by offset, or (``after`` set) the page that follows a position: keyset paging."""

    offset: int = 0
    limit: int = 20
    after: Position | None = None

    def __post_init__(self) -> None:
        if self.after is not None and self.offset:
            msg = "a page follows a position or skips an offset, not both"
            raise ValueError(msg)
        if not 0 <= self.offset <= MAX_OFFSET:
            msg = f"offset must be between 0 and {MAX_OFFSET}"
            raise ValueError(msg)
        if not 1 <= self.limit <= MAX_LIMIT:
            msg = f"limit must be between 1 and {MAX_LIMIT}"
            raise ValueError(msg)


class SortDirection(StrEnum):
    ASC = "asc"
    DESC = "desc"


@dataclass(frozen=True)
class Sort:
    field: str
    direction: SortDirection = SortDirection.ASC

    @classmethod
    def parse(cls, raw: str, allowed: Collection[str]) -> "Sort":
        """Parse ``name`` or ``-name`` (descending); the field must be one of ``allowed``."""
        direction = SortDirection.DESC if raw.startswith("-") else SortDirection.ASC
        field = raw.lstrip("-+")
        if field not in allowed:
            choices = ", ".join(sorted(allowed))
            msg = f"cannot sort by {field!r}: choose one of {choices} (prefix - for descending)"
            raise ValueError(msg)
        return cls(field=field, direction=direction)


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    total: int
    offset: int
    limit: int
    # Where the next page starts, for keyset paging; None when there is none to follow.
    next: Position | None = None
