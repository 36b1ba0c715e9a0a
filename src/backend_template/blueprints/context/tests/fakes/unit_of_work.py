"""In-memory unit of work: changes reach the shared store only on commit, as in a transaction."""

from types import TracebackType
from typing import Self

from {{ unit.domain }}.model import {{ unit.entity_class }}

# isort: split
from tests.fakes.{{ unit.name }}.repository import (
    InMemory{{ unit.entity_class }}Repository,
    Store,
    snapshot,
)


class Fake{{ unit.title }}UnitOfWork:
    """Give two of them the same ``committed`` store to play concurrent transactions."""

    def __init__(self, committed: Store | None = None) -> None:
        self.committed: Store = {} if committed is None else committed
        self.commits = 0
        self._repository: InMemory{{ unit.entity_class }}Repository | None = None

    def seed(self, *entities: {{ unit.entity_class }}) -> None:
        """Store aggregates as already committed, without counting a commit."""
        for entity in entities:
            self.committed[entity.id] = snapshot(entity)

    @property
    def {{ unit.entity_plural }}(self) -> InMemory{{ unit.entity_class }}Repository:
        if self._repository is None:
            msg = "the unit of work is used outside its 'async with' block"
            raise RuntimeError(msg)
        return self._repository

    async def __aenter__(self) -> Self:
        self._repository = InMemory{{ unit.entity_class }}Repository(self.committed)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._repository = None

    async def commit(self) -> None:
        self.{{ unit.entity_plural }}.apply_pending()
        self.commits += 1

    async def rollback(self) -> None:
        self.{{ unit.entity_plural }}.pending.clear()
