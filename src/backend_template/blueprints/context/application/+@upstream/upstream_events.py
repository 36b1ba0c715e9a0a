{%- set up = unit.upstream -%}
"""The {{ up.name }} events this context follows, read from their wire contract alone.

The {{ up.name }} context announces every change of a {{ up.entity_class }} as an
integration event named ``{{ up.name }}.{{ up.entity }}.<what>``, with version 1 of its
payload. This context depends on that contract, not on the other context's code: the names
are declared here and the payloads are read here, so either side can change its internals
without the other noticing.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from {{ unit.application }}.known import (
    NAME_MAX_LENGTH,
    Known{{ up.entity_class }}Status,
)
from {{ unit.shared }}.events import IntegrationEvent, JsonScalar, MalformedEventError

PREFIX = "{{ up.name }}.{{ up.entity }}"
CREATED = f"{PREFIX}.created"
UPDATED = f"{PREFIX}.updated"
ACTIVATED = f"{PREFIX}.activated"
ARCHIVED = f"{PREFIX}.archived"
QUANTITY_ADJUSTED = f"{PREFIX}.quantity_adjusted"
DELETED = f"{PREFIX}.deleted"
NAMES = (CREATED, UPDATED, ACTIVATED, ARCHIVED, QUANTITY_ADJUSTED, DELETED)
# The key that carries the aggregate's id in every payload.
ID_KEY = "{{ json_case(cookiecutter).key(up.entity ~ "_id") }}"
# The payload schema this context reads; another version needs its own reading.
PAYLOAD_VERSION = 1
# What this context reads of each event's payload, and the JSON type it expects: the part of
# the {{ up.name }} contract it depends on, checked against the published one by its tests.
READS: dict[str, dict[str, str]] = {
    CREATED: {ID_KEY: "string", "name": "string", "quantity": "integer"},
    UPDATED: {ID_KEY: "string", "name": "string"},
    ACTIVATED: {ID_KEY: "string"},
    ARCHIVED: {ID_KEY: "string"},
    QUANTITY_ADJUSTED: {ID_KEY: "string", "quantity": "integer"},
    DELETED: {ID_KEY: "string"},
}
# The status each life-cycle event announces.
STATUS_OF = {
    CREATED: Known{{ up.entity_class }}Status.DRAFT,
    ACTIVATED: Known{{ up.entity_class }}Status.ACTIVE,
    ARCHIVED: Known{{ up.entity_class }}Status.ARCHIVED,
}


@dataclass(frozen=True)
class UpstreamChange:
    """What one event says about one {{ up.entity_class }}; None for what it does not say."""

    entity_id: uuid.UUID
    occurred_at: datetime
    name: str | None = None
    status: Known{{ up.entity_class }}Status | None = None
    quantity: int | None = None
    deleted: bool = False


def _malformed(event: IntegrationEvent, problem: str) -> MalformedEventError:
    return MalformedEventError(f"event {event.id} ({event.name}): {problem}")


def _text(event: IntegrationEvent, key: str) -> str:
    value: JsonScalar = event.payload.get(key)
    if not isinstance(value, str) or len(value) > NAME_MAX_LENGTH:
        limit = f"at most {NAME_MAX_LENGTH} characters"
        raise _malformed(event, f"{key!r} must be a string of {limit}")
    return value


def _count(event: IntegrationEvent, key: str) -> int:
    value: JsonScalar = event.payload.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _malformed(event, f"{key!r} must be a whole number, zero or more")
    return value


def read_change(event: IntegrationEvent) -> UpstreamChange:
    """The change ``event`` announces; raises MalformedEventError when it breaks the contract."""
    if event.name not in NAMES:
        raise _malformed(event, f"not one of the events of {PREFIX}")
    if event.version != PAYLOAD_VERSION:
        raise _malformed(event, f"payload version {event.version} is not {PAYLOAD_VERSION}")
    if event.payload.get(ID_KEY) != str(event.aggregate_id):
        raise _malformed(event, f"{ID_KEY!r} must repeat the aggregate id")
    reads = READS[event.name]
    return UpstreamChange(
        entity_id=event.aggregate_id,
        occurred_at=event.occurred_at,
        name=_text(event, "name") if "name" in reads else None,
        status=STATUS_OF.get(event.name),
        quantity=_count(event, "quantity") if "quantity" in reads else None,
        deleted=event.name == DELETED,
    )
