"""An in-memory transaction: it works on a copy of the store and publishes it on commit."""

import copy
from types import TracebackType
from typing import Generic, Protocol, Self, TypeVar


class CommittedState(Protocol):
    """The committed tables of one test, shared by its units of work; counts their commits."""

    commits: int


StoreT = TypeVar("StoreT", bound=CommittedState)


class InMemoryTransaction(Generic[StoreT]):
    """Works on a copy of the store; only commit() makes the changes visible to others."""

    def __init__(self, store: StoreT) -> None:
        self._store = store
        self._working: StoreT | None = None

    @property
    def working(self) -> StoreT:
        """This transaction's own copy of the store, where its repositories read and write."""
        if self._working is None:
            msg = "the unit of work is used outside its `async with` block"
            raise RuntimeError(msg)
        return self._working

    async def __aenter__(self) -> Self:
        self._working = copy.deepcopy(self._store)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._working = None

    async def commit(self) -> None:
        commits = self._store.commits + 1
        vars(self._store).update(copy.deepcopy(vars(self.working)))
        self._store.commits = commits
