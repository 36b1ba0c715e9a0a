"""A unit of work: one atomic piece of work, begun on entry and discarded unless committed.

``UnitOfWork`` is the port every context's own unit of work extends with its repositories;
``UnitOfWorkLifecycle`` is how every adapter, and every in-memory fake, enters and leaves one,
and ``in_use`` how each of them hands out what it holds only while it is in use.
"""

from abc import ABC, abstractmethod
from types import TracebackType
from typing import Protocol, Self, TypeVar

T = TypeVar("T")


class UnitOfWork(Protocol):
    """Changes made inside ``async with`` are kept only when ``commit`` is called."""

    async def __aenter__(self) -> Self:
        """Begin the work."""

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """End the work, discarding whatever was not committed."""

    async def commit(self) -> None:
        """Make the changes made so far durable."""


def in_use(held: T | None) -> T:
    """What the unit of work holds while it is in use; outside its ``async with``, an error."""
    if held is None:
        msg = "the unit of work is used outside its 'async with' block"
        raise RuntimeError(msg)
    return held


class UnitOfWorkLifecycle(ABC):
    """Entering begins the work, leaving ends it with the error it ended with, if any."""

    async def __aenter__(self) -> Self:
        await self._begin()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self._end(exc)

    @abstractmethod
    async def _begin(self) -> None:
        """Open the work's transaction."""

    @abstractmethod
    async def _end(self, error: BaseException | None) -> None:
        """Close it, discarding what was not committed."""
