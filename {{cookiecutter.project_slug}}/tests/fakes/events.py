"""A publisher that records what it is given, for tests to check exactly what was announced."""

import uuid
from collections.abc import Sequence

from {{ cookiecutter.package_name }}.shared.events import IntegrationEvent, JsonScalar


class RecordingPublisher:
    """Keeps every published event, in order; also usable as a bus handler (``handle``)."""

    def __init__(self) -> None:
        self.published: list[IntegrationEvent] = []
        self.batches = 0

    async def publish(self, events: Sequence[IntegrationEvent]) -> None:
        self.published.extend(events)
        self.batches += 1

    async def handle(self, event: IntegrationEvent) -> None:
        self.published.append(event)

    def names(self) -> list[str]:
        return [event.name for event in self.published]

    def summary(self) -> list[tuple[str, uuid.UUID, dict[str, JsonScalar]]]:
        """Name, aggregate id and payload of each event: what a consumer relies on."""
        return [(event.name, event.aggregate_id, dict(event.payload)) for event in self.published]
