{%- set wire = json_case(cookiecutter) -%}
"""Event contracts: the integration events a service publishes, as an AsyncAPI 3.0 document.

Each context declares the payload of each of its events (``PAYLOAD_FIELDS`` in its
``integration_events`` module); ``asyncapi_document`` turns those declarations into the
document the service publishes (``asyncapi.json``, written by ``make asyncapi``), and
``published_fields`` reads a declaration back out of a published document, for the tests of
the contexts that consume the events.
"""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

ASYNCAPI_VERSION = "3.0.0"
# The JSON types a payload field may have: the payloads hold JSON scalars only.
FIELD_TYPES = frozenset({"string", "integer", "number", "boolean"})
Document = dict[str, Any]


@dataclass(frozen=True)
class EventContract:
    """One published event: its name, its payload version and its payload's fields by type."""

    name: str
    version: int
    fields: Mapping[str, str]

    def __post_init__(self) -> None:
        unknown = sorted(set(self.fields.values()) - FIELD_TYPES)
        if unknown:
            msg = f"event {self.name}: payload field types {unknown} are not JSON scalar types"
            raise ValueError(msg)


def json_type(value: object) -> str:
    """The JSON type of a payload value, as a schema names it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"


def contracts_of(
    version: int, fields_by_name: Mapping[str, Mapping[str, str]]
) -> list[EventContract]:
    """The contracts a context declares: one per event name, all at ``version``."""
    return [EventContract(name, version, fields) for name, fields in fields_by_name.items()]


def message_schema(contract: EventContract) -> Document:
    """The JSON Schema of the event's wire form (``IntegrationEvent.to_json``)."""
    payload = {
        "type": "object",
        "properties": {key: {"type": kind} for key, kind in sorted(contract.fields.items())},
        "required": sorted(contract.fields),
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "name": {"const": contract.name},
            "version": {"const": contract.version},
            "{{ wire.key("occurred_at") }}": {"type": "string", "format": "date-time"},
            "{{ wire.key("aggregate_id") }}": {"type": "string", "format": "uuid"},
            "payload": payload,
            "headers": {"type": "object", "additionalProperties": {"type": "string"}},
        },
        "required": ["{{ wire.key("aggregate_id") }}", "id", "name", "{{ wire.key("occurred_at") }}", "payload", "version"],
        "additionalProperties": False,
    }


def asyncapi_document(title: str, version: str, contracts: Iterable[EventContract]) -> Document:
    """The AsyncAPI 3.0 document of ``contracts``: a channel, a message and a send each."""
    ordered = sorted(contracts, key=lambda contract: contract.name)
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {
            "title": f"{title} events",
            "version": version,
            "description": "The integration events this service publishes, once committed.",
        },
        "defaultContentType": "application/json",
        "channels": {
            contract.name: {
                "address": contract.name,
                "messages": {"event": {"$ref": f"#/components/messages/{contract.name}"}},
            }
            for contract in ordered
        },
        "operations": {
            "publish_" + contract.name.replace(".", "_"): {
                "action": "send",
                "channel": {"$ref": f"#/channels/{contract.name}"},
                "messages": [{"$ref": f"#/channels/{contract.name}/messages/event"}],
            }
            for contract in ordered
        },
        "components": {
            "messages": {
                contract.name: {
                    "name": contract.name,
                    "payload": message_schema(contract),
                }
                for contract in ordered
            }
        },
    }


def dumps(document: Document) -> str:
    """The document as it is kept in the repository: sorted keys, two-space indents."""
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def published_fields(document: Document, name: str) -> EventContract | None:
    """Event ``name``'s contract as ``document`` publishes it; None when it has no such event."""
    message = document.get("components", {}).get("messages", {}).get(name)
    if message is None:
        return None
    wire = message["payload"]["properties"]
    payload = wire["payload"]
    required = set(payload.get("required", ()))
    fields = {
        key: schema["type"]
        for key, schema in payload.get("properties", {}).items()
        if key in required
    }
    return EventContract(name, int(wire["version"]["const"]), fields)
