"""In-memory unit of work: changes reach the shared store only on commit, as in a transaction."""

from collections.abc import Sequence

from {{ unit.domain }}.model import {{ unit.entity_class }}
from {{ unit.shared }}.events import EventPublisher, IntegrationEvent
from {{ unit.shared }}.unit_of_work import UnitOfWorkLifecycle, in_use

# isort: split
from tests.fakes.events import RecordingPublisher
from tests.fakes.{{ unit.name }}.repository import (
    InMemory{{ unit.entity_class }}Repository,
    Store,
    snapshot,
)


class PendingOutbox:
    """The outbox of one fake transaction: events wait here until it commits."""

    def __init__(self) -> None:
        self.events: list[IntegrationEvent] = []

    async def publish(self, events: Sequence[IntegrationEvent]) -> None:
        self.events.extend(events)


class InMemory{{ unit.title }}UnitOfWork(UnitOfWorkLifecycle):
    """Give two of them the same ``committed`` store to play concurrent transactions.

    Events stored in its outbox reach ``published`` when, and only when, the work commits:
    what the outbox relay does with a real database.
    """

    def __init__(
        self,
        committed: Store | None = None,
        published: EventPublisher | None = None,
    ) -> None:
        self.committed: Store = {} if committed is None else committed
        self.published: EventPublisher = published or RecordingPublisher()
        self.commits = 0
        self._repository: InMemory{{ unit.entity_class }}Repository | None = None
        self._outbox: PendingOutbox | None = None

    def seed(self, *entities: {{ unit.entity_class }}) -> None:
        """Store aggregates as already committed, without counting a commit."""
        for entity in entities:
            self.committed[entity.id] = snapshot(entity)

    @property
    def {{ unit.entity_plural }}(self) -> InMemory{{ unit.entity_class }}Repository:
        return in_use(self._repository)

    @property
    def outbox(self) -> PendingOutbox:
        return in_use(self._outbox)

    async def _begin(self) -> None:
        self._repository = InMemory{{ unit.entity_class }}Repository(self.committed)
        self._outbox = PendingOutbox()

    async def _end(self, error: BaseException | None) -> None:
        del error  # in memory, what was not committed is dropped with the working copy
        self._repository, self._outbox = None, None

    async def commit(self) -> None:
        self.{{ unit.entity_plural }}.apply_pending()
        self.commits += 1
        events, self.outbox.events = self.outbox.events, []
        if events:
            await self.published.publish(events)

    async def rollback(self) -> None:
        self.{{ unit.entity_plural }}.pending.clear()
        self.outbox.events.clear()
