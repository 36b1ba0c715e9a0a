{%- set up = unit.upstream -%}
"""The events this context reads, held to the contract their producer publishes.

{{ up.name | capitalize }} publishes its events in its ``asyncapi.json``.
When it changes an event this context reads (a field renamed, retyped or gone, an event dropped,
a new payload version), these tests fail before anything is deployed.
"""

import json
from pathlib import Path

import pytest

from {{ unit.application }} import upstream_events
from {{ unit.shared }}.event_contracts import Document, published_fields

# The document {{ up.name }} publishes: {{ "its service's, beside this one in the workspace" if cookiecutter.architecture == "microservices" else "this application's, with every context's events" }}.
PUBLISHED = Path(__file__).resolve().{{ 'parents[4] / "' ~ up.name ~ '"' if cookiecutter.architecture == "microservices" else "parents[3]" }} / "asyncapi.json"


@pytest.fixture(scope="module")
def published() -> Document:
    document: Document = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    return document


@pytest.mark.parametrize("name", upstream_events.NAMES)
def test_each_event_read_is_published_with_what_is_read_of_it(
    published: Document, name: str
) -> None:
    contract = published_fields(published, name)

    assert contract is not None, f"{PUBLISHED} publishes no {name} event"
    assert contract.version == upstream_events.PAYLOAD_VERSION
    broken = {
        key: f"read as {kind}, published as {contract.fields.get(key, 'nothing')}"
        for key, kind in upstream_events.READS[name].items()
        if contract.fields.get(key) != kind
    }
    assert not broken, f"{name} no longer carries what this context reads: {broken}"
