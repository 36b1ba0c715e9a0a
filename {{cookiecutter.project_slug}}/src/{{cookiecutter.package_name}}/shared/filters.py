"""Comparison filters on a field (``quantity[gte]=5``), independent of HTTP and of storage."""

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Comparison(StrEnum):
    EQ = "eq"
    GT = "gt"
    GTE = "gte"
    LT = "lt"
    LTE = "lte"


# Each comparison as a function: it applies to plain values and to SQL column expressions.
COMPARE: Mapping[Comparison, Callable[[Any, Any], Any]] = {
    Comparison.EQ: operator.eq,
    Comparison.GT: operator.gt,
    Comparison.GTE: operator.ge,
    Comparison.LT: operator.lt,
    Comparison.LTE: operator.le,
}


@dataclass(frozen=True)
class Bounds(Generic[T]):
    """Comparisons a value must all pass; None means no restriction."""

    eq: T | None = None
    gt: T | None = None
    gte: T | None = None
    lt: T | None = None
    lte: T | None = None

    def comparisons(self) -> list[tuple[Comparison, T]]:
        """The comparisons set, in a fixed order."""
        found = [(Comparison(item.name), getattr(self, item.name)) for item in fields(self)]
        return [(comparison, value) for comparison, value in found if value is not None]

    def admits(self, value: T) -> bool:
        return all(COMPARE[comparison](value, bound) for comparison, bound in self.comparisons())
