"""The published event contracts: asyncapi.json is the document the code declares."""

import json

from {{ cookiecutter.package_name }}.composition.event_contracts import (
    ASYNCAPI_FILE,
    document,
)
from {{ cookiecutter.package_name }}.shared.event_contracts import dumps


def test_asyncapi_json_is_what_the_events_declare() -> None:
    kept = json.loads(ASYNCAPI_FILE.read_text(encoding="utf-8"))
    built = document()

    messages = kept["components"]["messages"], built["components"]["messages"]
    changed = sorted(
        name
        for name in set(messages[0]) | set(messages[1])
        if messages[0].get(name) != messages[1].get(name)
    )
    assert kept == built, f"events changed: {changed}; run `make asyncapi` and review the change"
    assert ASYNCAPI_FILE.read_text(encoding="utf-8") == dumps(built)
