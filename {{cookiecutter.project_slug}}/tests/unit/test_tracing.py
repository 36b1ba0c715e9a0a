{%- set wire = json_case(cookiecutter) -%}
"""Tracing is configured by the standard OTEL_* variables; events carry the request's context."""

import pytest
import structlog

from {{ cookiecutter.package_name }}.shared.events import IntegrationEvent
from {{ cookiecutter.package_name }}.shared.tracing import (
    DEFAULT_SAMPLE_RATIO,
    REQUEST_ID_KEY,
    consuming,
    default_sampler,
    exporter_configured,
    with_current_context,
)


@pytest.mark.parametrize(
    ("environ", "configured"),
    [
        ({}, False),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, True),
        ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector:4318/v1/traces"}, True),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": ""}, False),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_SDK_DISABLED": "true"}, False),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_TRACES_EXPORTER": "none"}, False),
    ],
)
def test_spans_are_exported_only_when_an_endpoint_is_configured(
    environ: dict[str, str], configured: bool
) -> None:
    assert exporter_configured(environ) is configured


@pytest.mark.parametrize(
    ("environ", "ratio"),
    [
        ({}, DEFAULT_SAMPLE_RATIO),
        ({"OTEL_TRACES_SAMPLER_ARG": "0.25"}, 0.25),
        ({"OTEL_TRACES_SAMPLER_ARG": "1"}, 1.0),
    ],
)
def test_a_share_of_traces_is_recorded_unless_a_sampler_is_named(
    environ: dict[str, str], ratio: float
) -> None:
    sampler = default_sampler(environ)

    assert sampler is not None
    description = sampler.get_description()
    assert description.startswith("ParentBased")
    assert "root:TraceIdRatioBased" + "{" + str(ratio) + "}" in description
    assert "remoteParentSampled:AlwaysOnSampler" in description
    assert "remoteParentNotSampled:AlwaysOffSampler" in description


def test_a_named_sampler_is_left_to_the_sdk() -> None:
    assert default_sampler({"OTEL_TRACES_SAMPLER": "always_on"}) is None


def test_an_event_carries_the_request_id_to_its_consumer_logs(event: IntegrationEvent) -> None:
    with structlog.contextvars.bound_contextvars(request_id="req-1"):
        stored = with_current_context(event)

    assert stored.headers[REQUEST_ID_KEY] == "req-1"
    assert REQUEST_ID_KEY not in structlog.contextvars.get_contextvars()
    with consuming(stored, "observer"):
        assert structlog.contextvars.get_contextvars()[REQUEST_ID_KEY] == "req-1"
    assert REQUEST_ID_KEY not in structlog.contextvars.get_contextvars()


@pytest.fixture
def event() -> IntegrationEvent:
    return IntegrationEvent.from_json(
        '{"{{ wire.key("aggregate_id") }}":"0b6d3f5e-8c2a-4e1b-9f7d-3a5c7e9b1d2f","id":"1b6d3f5e-8c2a-4e1b-9f7d-'
        '3a5c7e9b1d2f","name":"catalog.item.created","{{ wire.key("occurred_at") }}":"2024-06-01T12:00:00+00:00",'
        '"payload":{},"version":1}'
    )
