{%- set wire = json_case(cookiecutter) -%}
"""Integration events: the facts a context announces to the rest of the system, once committed.

A domain event is the aggregate's own, typed record of a change; an integration event is its
public, versioned form: a name such as ``catalog.product.created``, the id of the aggregate, when
it happened and a payload of JSON primitives. ``to_json``/``from_json`` give it a stable wire form,
so that the same events can later travel through a broker without changing the contexts.
"""

import json
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any, Protocol, Self, TypeAlias

from {{ cookiecutter.package_name }}.shared.ids import new_id

JsonScalar: TypeAlias = str | int | float | bool | None
Payload: TypeAlias = Mapping[str, JsonScalar]

ENVELOPE_KEYS = frozenset({"id", "name", "version", "{{ wire.key("occurred_at") }}", "{{ wire.key("aggregate_id") }}", "payload"})
# Optional: what travels with the event besides its facts (trace context, request id).
HEADERS_KEY = "headers"


class MalformedEventError(ValueError):
    """A text that is not the wire form of an integration event."""


def as_utc(moment: datetime) -> datetime:
    """The same instant in UTC; a naive datetime (no zone: which instant?) is refused."""
    if moment.tzinfo is None:
        msg = "an event time must be timezone-aware"
        raise ValueError(msg)
    return moment.astimezone(UTC)


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC, e.g. ``2024-05-01T09:30:00+00:00``; a naive datetime is refused."""
    return as_utc(moment).isoformat()


@dataclass(frozen=True)
class IntegrationEvent:
    """One published fact; ``version`` is the schema version of its payload (starts at 1)."""

    id: uuid.UUID
    name: str
    version: int
    occurred_at: datetime
    aggregate_id: uuid.UUID
    payload: Payload = field(default_factory=dict)
    # Context for whoever handles it (trace context, request id), not part of the fact itself.
    headers: Mapping[str, str] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        as_utc(self.occurred_at)
        # A read-only copy: the event cannot change after it was built, even through its payload.
        object.__setattr__(self, "payload", MappingProxyType(dict(self.payload)))
        object.__setattr__(self, "headers", MappingProxyType(dict(self.headers)))

    def with_headers(self, headers: Mapping[str, str]) -> Self:
        """The same event carrying ``headers`` instead of its own."""
        return replace(self, headers=headers)

    @classmethod
    def record(
        cls,
        name: str,
        aggregate_id: uuid.UUID,
        occurred_at: datetime,
        payload: Payload,
        version: int = 1,
    ) -> Self:
        """A new event with a fresh id, its time normalised to UTC."""
        return cls(
            id=new_id(),
            name=name,
            version=version,
            occurred_at=as_utc(occurred_at),
            aggregate_id=aggregate_id,
            payload=payload,
        )

    def to_json(self) -> str:
        """The wire form: one compact JSON object with sorted keys, ids and times as strings."""
        wire: dict[str, Any] = {
            "id": str(self.id),
            "name": self.name,
            "version": self.version,
            "{{ wire.key("occurred_at") }}": iso_utc(self.occurred_at),
            "{{ wire.key("aggregate_id") }}": str(self.aggregate_id),
            "payload": dict(self.payload),
        }
        if self.headers:
            wire[HEADERS_KEY] = dict(self.headers)
        return json.dumps(
            wire,
            sort_keys=True,
            separators=(",", ":"),
            allow_nan=False,
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> Self:
        """Read back what ``to_json`` wrote; anything else raises MalformedEventError."""
        try:
            raw = json.loads(text)
        except ValueError as error:
            msg = "an integration event must be a JSON object"
            raise MalformedEventError(msg) from error
        if not isinstance(raw, dict) or set(raw) - {HEADERS_KEY} != ENVELOPE_KEYS:
            keys = sorted(ENVELOPE_KEYS)
            msg = f"an integration event has exactly the keys {keys}, and may have headers"
            raise MalformedEventError(msg)
        try:
            return cls(
                id=uuid.UUID(_string(raw, "id")),
                name=_string(raw, "name"),
                version=_version(raw["version"]),
                occurred_at=datetime.fromisoformat(_string(raw, "{{ wire.key("occurred_at") }}")),
                aggregate_id=uuid.UUID(_string(raw, "{{ wire.key("aggregate_id") }}")),
                payload=_payload(raw["payload"]),
                headers=_headers(raw.get(HEADERS_KEY, {})),
            )
        except MalformedEventError:
            raise
        except ValueError as error:
            raise MalformedEventError(str(error)) from error


def _string(raw: Mapping[str, Any], key: str) -> str:
    value = raw[key]
    if not isinstance(value, str) or not value:
        msg = f"{key!r} must be a non-empty string"
        raise MalformedEventError(msg)
    return value


def _version(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        msg = "'version' must be a positive integer"
        raise MalformedEventError(msg)
    return value


def _payload(value: object) -> dict[str, JsonScalar]:
    if not isinstance(value, dict):
        msg = "'payload' must be a JSON object"
        raise MalformedEventError(msg)
    payload: dict[str, JsonScalar] = {}
    for key, item in value.items():
        if item is not None and not isinstance(item, str | int | float | bool):
            msg = f"payload value {key!r} must be a string, a number, a boolean or null"
            raise MalformedEventError(msg)
        payload[key] = item
    return payload


def _headers(value: object) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(key, str) and isinstance(item, str) for key, item in value.items()
    ):
        msg = "'headers' must be a JSON object of strings"
        raise MalformedEventError(msg)
    return value


class EventPublisher(Protocol):
    """Hands committed integration events to whoever listens (in process, or a broker later)."""

    async def publish(self, events: Sequence[IntegrationEvent]) -> None:
        """Deliver ``events`` in order; called only once the change they describe is committed."""


EventHandler: TypeAlias = Callable[[IntegrationEvent], Awaitable[None]]


class EventBus(EventPublisher, Protocol):
    """Publishes integration events and delivers them to the handlers subscribed to their names.

    The in-process bus calls the handlers in this process; a broker delivers to every
    ``consumer`` (a context) on whichever replica takes the event. Subscribe before the
    application starts. Delivery is at least once: a handler must ignore an event id it has seen.
    """

    def subscribe(self, name: str, handler: EventHandler, *, consumer: str) -> None:
        """Deliver every event named ``name`` to ``handler``, on behalf of ``consumer``."""

    async def start(self) -> None:
        """Connect and start delivering to the subscribed handlers; raises when it cannot."""

    async def close(self) -> None:
        """Stop delivering and disconnect; safe to call more than once."""
