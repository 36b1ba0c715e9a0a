"""SQL for the kernel's query terms: comparison bounds, keyset positions, counted pages."""

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_

from {{ cookiecutter.package_name }}.shared.filters import COMPARE, Bounds
from {{ cookiecutter.package_name }}.shared.pagination import Position, SortDirection


def within(column: Any, bounds: Bounds[Any]) -> list[ColumnElement[bool]]:
    """One condition per comparison the bounds set on ``column``."""
    return [COMPARE[comparison](column, value) for comparison, value in bounds.comparisons()]


def past(
    column: Any,
    id_column: Any,
    position: Position,
    direction: SortDirection,
) -> ColumnElement[bool]:
    """The rows after ``position`` when ordered by ``column`` in ``direction``, then by id."""
    beyond = column < position.value if direction is SortDirection.DESC else column > position.value
    return or_(beyond, and_(column == position.value, id_column > position.id))


# How many rows match a list's filters, on every row of its page: the page and its total in
# one statement. Not for a keyset page, whose rows start past its cursor.
MATCHES = func.count().over().label("matches")


async def matches_on_page(
    rows: Sequence[Any], offset: int, count: Callable[[], Awaitable[int]]
) -> int:
    """The total an offset page read with ``MATCHES`` carries; ``count`` it when it has no row."""
    if rows:
        return int(rows[0].matches)
    # No row: either nothing matches, or the offset is past the last match.
    return await count() if offset else 0
