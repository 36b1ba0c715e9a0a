"""One request that creates a {{ unit.entity }} is one trace, from the request to the consumer.

The service runs in a uvicorn process of its own with tracing configured the standard way
(``OTEL_EXPORTER_OTLP_ENDPOINT``), exporting to a real OTLP/HTTP receiver. The request's server
span, its database statements, the outbox relay's publish and the consumer's processing of the
event arrive under one trace id: the trace context travelled with the event through the outbox
(and the broker, when there is one). The consumer's log line carries the request's id.
"""

import json
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from {{ unit.application }} import integration_events
from {{ unit.shared }}.settings import Settings

# isort: split
from tests.api.{{ unit.name }}.helpers import BASE
from tests.otlp_receiver import (
    CLIENT,
    CONSUMER,
    PRODUCER,
    SERVER,
    OtlpReceiver,
    ReceivedSpan,
    otlp_receiver,
)
from tests.served_service import OBSERVED_EVENTS, OBSERVER, serve

CREATED = integration_events.CREATED


@pytest.fixture
def receiver() -> Iterator[OtlpReceiver]:
    with otlp_receiver() as receiving:
        yield receiving


@pytest.fixture
def log_file(tmp_path: Path) -> Path:
    return tmp_path / "service.log"


@pytest.fixture
def served(
    settings: Settings, migrated_database: str, receiver: OtlpReceiver, log_file: Path
) -> Iterator[str]:
    environment = {
        "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.url,
        "OTEL_SERVICE_NAME": "{{ unit.name }}-traced",
        "OTEL_BSP_SCHEDULE_DELAY": "50",
        # Every request, not the default share, so that the test's own request is recorded.
        "OTEL_TRACES_SAMPLER": "always_on",
        OBSERVED_EVENTS: CREATED,
        "APP_LOG_JSON": "true",
    }
    test_settings = settings.model_copy(update={"database_url": migrated_database})
    with serve(test_settings, log_file, environment) as base_url:
        yield base_url


@pytest.fixture
async def client(served: str) -> AsyncIterator[httpx.AsyncClient]:
    """Every request of these tests (signing in too) goes to the served process."""
    async with httpx.AsyncClient(base_url=served, timeout=10.0) as http:
        yield http


def observed(span: ReceivedSpan) -> bool:
    """Whether ``span`` is the observer's processing of the creation."""
    consumer = span.attributes.get("messaging.destination.name")
    return span.kind == CONSUMER and span.name == f"{CREATED} process" and consumer == OBSERVER


def consumed_trace(spans: list[ReceivedSpan]) -> str | None:
    """The trace id of the observer's processing of this test's creation, once it all arrived.

    The observer may first receive creations published by earlier tests (a new consumer group
    can start from the beginning of a topic); their traces began in other processes, so only
    this creation's trace also holds the served process's request and database spans.
    """
    for trace_id in dict.fromkeys(span.trace_id for span in spans if observed(span)):
        kinds = {span.kind for span in spans if span.trace_id == trace_id}
        if {SERVER, CLIENT, PRODUCER, CONSUMER} <= kinds:
            return trace_id
    return None


def whole_trace(spans: list[ReceivedSpan]) -> bool:
    return consumed_trace(spans) is not None


def log_lines(log_file: Path) -> list[dict[str, Any]]:
    lines = []
    for line in log_file.read_text(errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict):
            lines.append(entry)
    return lines


async def test_a_creation_is_one_trace_from_the_request_to_the_consumer(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    receiver: OtlpReceiver,
    log_file: Path,
) -> None:
    request_id = uuid.uuid4().hex
    headers = {**admin_headers, "X-Request-ID": request_id}

    response = await client.post(BASE, json={"name": "Traced"}, headers=headers)

    assert response.status_code == httpx.codes.CREATED, response.text
    spans = receiver.wait_for(whole_trace)
    trace_id = consumed_trace(spans)
    trace = [span for span in spans if span.trace_id == trace_id]
    server = [span for span in trace if span.kind == SERVER]
    assert len(server) == 1
    assert server[0].parent_span_id == ""
    assert server[0].attributes["http.request.method"] == "POST"
    assert server[0].attributes["http.response.status_code"] == "201"
    database_keys = {key for span in trace if span.kind == CLIENT for key in span.attributes}
    assert any(key.startswith("db.") for key in database_keys)
    producer = [span for span in trace if span.kind == PRODUCER]
    assert [span.name for span in producer] == [f"{CREATED} publish"]
    consumer = next(span for span in trace if observed(span))
    # The consumer continues the publish, which continues the request.
    assert consumer.parent_span_id == producer[0].span_id
    assert {span.service for span in trace} == {"{{ unit.name }}-traced"}
    logged = log_lines(log_file)
    # Every line logged while the trace is current carries its ids: the access log line, and
    # the consumer's (with the id of the request that produced the event, too).
    creations = [line for line in logged if line.get("event") == "request" and line["path"] == BASE]
    assert [line.get("trace_id") for line in creations] == [trace_id]
    consumed = [
        line
        for line in logged
        if line.get("event") == "event_observed" and line.get("request_id") == request_id
    ]
    assert consumed, logged
    assert consumed[0]["trace_id"] == trace_id
    assert consumed[0]["span_id"] == consumer.span_id
