"""Integration events: the public form of the {{ unit.entity_class }} domain events.

Each domain event becomes an integration event named ``<context>.<entity>.<what>`` (see NAMES),
with version 1 of its payload: JSON primitives only (ids as strings), so that other contexts,
and later other services, depend on this contract rather than on the aggregate's classes.
PAYLOAD_FIELDS declares each payload; the service publishes it in ``asyncapi.json``.
Use cases store them in their unit of work's outbox, with the change; the outbox relay
publishes them once that change is committed.
"""

from {{ unit.domain }}.events import (
    {{ unit.entity_class }}Activated,
    {{ unit.entity_class }}Archived,
    {{ unit.entity_class }}Created,
    {{ unit.entity_class }}Deleted,
    {{ unit.entity_class }}Event,
    {{ unit.entity_class }}QuantityAdjusted,
    {{ unit.entity_class }}Updated,
)
from {{ unit.domain }}.model import {{ unit.entity_class }}
from {{ unit.shared }}.events import EventPublisher, IntegrationEvent, JsonScalar

PREFIX = "{{ unit.name }}.{{ unit.entity }}"
CREATED = f"{PREFIX}.created"
UPDATED = f"{PREFIX}.updated"
ACTIVATED = f"{PREFIX}.activated"
ARCHIVED = f"{PREFIX}.archived"
QUANTITY_ADJUSTED = f"{PREFIX}.quantity_adjusted"
DELETED = f"{PREFIX}.deleted"
NAMES = (CREATED, UPDATED, ACTIVATED, ARCHIVED, QUANTITY_ADJUSTED, DELETED)
# The key that carries the aggregate's id in every payload.
ID_KEY = "{{ json_case(cookiecutter).key(unit.entity ~ "_id") }}"
# The published contract: each event's payload fields and their JSON types, at PAYLOAD_VERSION.
PAYLOAD_VERSION = 1
PAYLOAD_FIELDS: dict[str, dict[str, str]] = {
    CREATED: {ID_KEY: "string", "name": "string", "quantity": "integer"},
    UPDATED: {ID_KEY: "string", "name": "string", "description": "string"},
    ACTIVATED: {ID_KEY: "string"},
    ARCHIVED: {ID_KEY: "string"},
    QUANTITY_ADJUSTED: {ID_KEY: "string", "delta": "integer", "quantity": "integer"},
    DELETED: {ID_KEY: "string"},
}


def _name_and_details(event: {{ unit.entity_class }}Event) -> tuple[str, dict[str, JsonScalar]]:
    if isinstance(event, {{ unit.entity_class }}Created):
        return CREATED, {"name": event.name, "quantity": event.quantity}
    if isinstance(event, {{ unit.entity_class }}Updated):
        return UPDATED, {"name": event.name, "description": event.description}
    if isinstance(event, {{ unit.entity_class }}Activated):
        return ACTIVATED, {}
    if isinstance(event, {{ unit.entity_class }}Archived):
        return ARCHIVED, {}
    if isinstance(event, {{ unit.entity_class }}QuantityAdjusted):
        return QUANTITY_ADJUSTED, {"delta": event.delta, "quantity": event.quantity}
    if isinstance(event, {{ unit.entity_class }}Deleted):
        return DELETED, {}
    msg = f"no integration event is defined for {type(event).__name__}"
    raise TypeError(msg)


def to_integration_event(event: {{ unit.entity_class }}Event) -> IntegrationEvent:
    """The integration event announcing ``event``, with a fresh event id."""
    name, details = _name_and_details(event)
    return IntegrationEvent.record(
        name=name,
        aggregate_id=event.aggregate_id,
        occurred_at=event.occurred_at,
        payload={ID_KEY: str(event.aggregate_id), **details},
        version=PAYLOAD_VERSION,
    )


async def record_changes(outbox: EventPublisher, entity: {{ unit.entity_class }}) -> None:
    """Put what ``entity`` recorded in the unit of work's outbox, before its commit.

    The events are stored in the same transaction as the change: they exist if and only if the
    change was committed, and the outbox relay publishes them once it has been.
    """
    recorded = [to_integration_event(event) for event in entity.pull_events()]
    if recorded:
        await outbox.publish(recorded)
