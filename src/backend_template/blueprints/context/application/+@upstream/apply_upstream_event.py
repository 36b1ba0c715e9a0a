{%- set up = unit.upstream -%}
"""Use case: apply one {{ up.name }} event to the known records."""

from dataclasses import replace
from enum import StrEnum

from {{ unit.application }}.known import (
{%- for name in ["Known" ~ up.entity_class, "Known" ~ up.entity_class ~ "Status", "Known" ~ up.entity_class ~ "ConflictError", "Known" ~ up.entity_class ~ "UnitOfWork"] | sort(case_sensitive=true) %}
    {{ name }},
{%- endfor %}
)
from {{ unit.application }}.upstream_events import UpstreamChange, read_change
from {{ unit.shared }}.events import IntegrationEvent

# Concurrent deliveries for one id meet at the write; the loser reads again, this often.
ATTEMPTS = 5


class Outcome(StrEnum):
    APPLIED = "applied"
    # Not later than the last event applied: a duplicate, or a delivery out of order.
    STALE = "stale"
    # The {{ up.entity }} was deleted: nothing that arrives afterwards changes its record.
    TOMBSTONED = "tombstoned"


def first_record(change: UpstreamChange) -> Known{{ up.entity_class }}:
    """The record of an id no event reached before: what the change says, neutral elsewhere."""
    blank = Known{{ up.entity_class }}(
        id=change.entity_id,
        name="",
        status=Known{{ up.entity_class }}Status.UNKNOWN,
        quantity=0,
        deleted=False,
        last_event_at=change.occurred_at,
        events_applied=0,
    )
    return updated_record(blank, change)


def updated_record(
    known: Known{{ up.entity_class }},
    change: UpstreamChange,
) -> Known{{ up.entity_class }}:
    """``known`` with what ``change`` says, as of when it happened, one more event applied."""
    return replace(
        known,
        name=known.name if change.name is None else change.name,
        status=known.status if change.status is None else change.status,
        quantity=known.quantity if change.quantity is None else change.quantity,
        deleted=known.deleted or change.deleted,
        last_event_at=change.occurred_at,
        events_applied=known.events_applied + 1,
    )


def is_late_creation(known: Known{{ up.entity_class }}, change: UpstreamChange) -> bool:
    """Whether ``change`` is the creation of a record that later events made before it came."""
    creation = change.status is Known{{ up.entity_class }}Status.DRAFT
    incomplete = known.status is Known{{ up.entity_class }}Status.UNKNOWN or not known.name
    return creation and incomplete


def completed_record(
    known: Known{{ up.entity_class }},
    change: UpstreamChange,
) -> Known{{ up.entity_class }}:
    """``known`` completed by its late creation: what later events said stays as they said it."""
    unknown_status = known.status is Known{{ up.entity_class }}Status.UNKNOWN
    return replace(
        known,
        name=known.name or (change.name or ""),
        status=(change.status or known.status) if unknown_status else known.status,
        quantity=known.quantity or (change.quantity or 0),
        events_applied=known.events_applied + 1,
    )


class Apply{{ up.title }}Event:
    """Keeps the record of one {{ up.entity }} in step with its events, idempotently.

    Delivery is at least once and in no guaranteed order, so an event changes the record only
    when it happened strictly later than the last event applied to it (``last_event_at``):
    a duplicate, or an event overtaken by a later one, changes nothing. The payloads are
    snapshots (the name, the quantity, the status as they are after the change), so the
    latest event applied gives the latest state of what it carries.

    - An event for an id never seen (an update that overtook the creation, say) creates the
      record from what it carries; what it does not carry stays neutral (empty name, unknown
      status, quantity 0) until an event says it. When the creation arrives after it, it
      completes what is still neutral and counts as applied; anything else that old is stale.
      (A quantity that later events brought to exactly 0 is taken for neutral: the creation's
      quantity then wins. Payloads carrying the aggregate's version would settle even that.)
    - A deletion leaves a tombstone (``deleted``): no event arriving afterwards, however late
      or however dated, brings the {{ up.entity }} back or changes its record.
    - ``events_applied`` counts the events that changed the record.

    Two deliveries for the same id at once meet at the write (the repository refuses a record
    that moved meanwhile): the one that lost reads the record again and decides anew.
    A malformed event raises MalformedEventError, so that the delivery reports it.
    """

    def __init__(
        self,
        uow: Known{{ up.entity_class }}UnitOfWork,
        attempts: int = ATTEMPTS,
    ) -> None:
        self._uow = uow
        self._attempts = attempts

    async def execute(self, event: IntegrationEvent) -> Outcome:
        change = read_change(event)
        attempt = 1
        while True:
            try:
                return await self._apply(change)
            except Known{{ up.entity_class }}ConflictError:
                if attempt >= self._attempts:
                    raise
                attempt += 1

    async def _apply(self, change: UpstreamChange) -> Outcome:
        async with self._uow as uow:
            repository = uow.known_{{ up.entity_plural }}
            known = await repository.get(change.entity_id)
            if known is None:
                await repository.add(first_record(change))
            elif known.deleted:
                return Outcome.TOMBSTONED
            elif change.occurred_at <= known.last_event_at:
                if not is_late_creation(known, change):
                    return Outcome.STALE
                await repository.replace(completed_record(known, change), known.events_applied)
            else:
                await repository.replace(updated_record(known, change), known.events_applied)
            await uow.commit()
        return Outcome.APPLIED
