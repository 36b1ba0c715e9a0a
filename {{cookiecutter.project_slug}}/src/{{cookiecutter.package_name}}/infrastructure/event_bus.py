"""The in-process event bus: integration events delivered to handlers in this same process."""

from collections import defaultdict
from collections.abc import Sequence

import structlog

from {{ cookiecutter.package_name }}.shared.events import EventHandler, IntegrationEvent

logger = structlog.get_logger(__name__)


class InProcessEventBus:
    """An EventPublisher that calls the handlers subscribed to each event's name, in order.

    Use cases publish only after their unit of work has committed, so by the time a handler
    runs the state change is already durable. A handler that raises is therefore logged (with
    the event id and name) and skipped: the other handlers still get the event, and neither the
    publisher nor the request that made the change fails. Delivery is at most once and lives
    only as long as the process: an event whose handler fails, or that is published just before
    a crash, is not retried. Durable, at-least-once delivery comes with a broker and a
    transactional outbox; this bus keeps the same EventPublisher port so that swap is local.
    """

    def __init__(self) -> None:
        self._handlers: defaultdict[str, list[EventHandler]] = defaultdict(list)

    def subscribe(self, name: str, handler: EventHandler) -> None:
        """Call ``handler`` with every event named ``name`` (e.g. ``catalog.product.created``).

        Handlers of one name run one after the other, in the order they subscribed.
        """
        self._handlers[name].append(handler)

    def handlers(self, name: str) -> tuple[EventHandler, ...]:
        """The handlers subscribed to ``name``, in delivery order."""
        return tuple(self._handlers.get(name, ()))

    async def publish(self, events: Sequence[IntegrationEvent]) -> None:
        """Deliver each event, in order, to every handler of its name; failures are logged."""
        for event in events:
            for handler in self.handlers(event.name):
                try:
                    await handler(event)
                except Exception:
                    logger.exception(
                        "event_handler_failed",
                        event_id=str(event.id),
                        event_name=event.name,
                        handler=getattr(handler, "__qualname__", repr(handler)),
                    )
