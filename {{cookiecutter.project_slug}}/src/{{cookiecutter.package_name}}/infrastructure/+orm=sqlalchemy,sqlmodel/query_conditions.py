"""SQL conditions for the kernel's query terms: comparison bounds and keyset positions."""

from typing import Any

from sqlalchemy import ColumnElement, and_, or_

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
