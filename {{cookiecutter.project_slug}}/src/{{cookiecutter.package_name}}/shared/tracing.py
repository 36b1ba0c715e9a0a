"""OpenTelemetry tracing, configured by the standard ``OTEL_*`` variables, and its propagation.

Tracing is on when an OTLP endpoint is set (``OTEL_EXPORTER_OTLP_ENDPOINT`` or
``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``), unless ``OTEL_SDK_DISABLED=true`` or
``OTEL_TRACES_EXPORTER=none``. Then spans go over OTLP/HTTP in batches (``OTEL_BSP_*``), sampled
by ``OTEL_TRACES_SAMPLER``/``OTEL_TRACES_SAMPLER_ARG``, from the service ``OTEL_SERVICE_NAME``.
Without ``OTEL_TRACES_SAMPLER``, one trace in ten is recorded (``parentbased_traceidratio``,
0.1, or ``OTEL_TRACES_SAMPLER_ARG``) and a request continuing a caller's trace follows the
caller's decision: recording every span would cost a large share of the CPU of each request.
Otherwise no SDK is installed and nothing here starts a span: it costs nothing per request.

Integration events carry ``headers``: the W3C trace context (``traceparent``, ``tracestate``) and
the ``request_id`` of the request that produced them. They are stored with the event in the
outbox and travel in its body through any broker, so the consumer continues the trace and logs
the request id, in this service or another.
"""

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import structlog
from opentelemetry import propagate, trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import ParentBased, Sampler, TraceIdRatioBased
from opentelemetry.trace import Span, SpanKind

from {{ cookiecutter.package_name }}.shared.events import IntegrationEvent

REQUEST_ID_KEY = "request_id"
# The share of traces recorded when OTEL_TRACES_SAMPLER does not say.
DEFAULT_SAMPLE_RATIO = 0.1

tracer = trace.get_tracer("{{ cookiecutter.package_name }}")

_state = {"enabled": False}
_providers: list[TracerProvider] = []


def exporter_configured(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether the ``OTEL_*`` variables ask for spans to be exported."""
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    if environ.get("OTEL_TRACES_EXPORTER", "otlp").strip().lower() in {"none", ""}:
        return False
    return bool(
        environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
        or environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
    )


def default_sampler(environ: Mapping[str, str] = os.environ) -> Sampler | None:
    """The sampler when ``OTEL_TRACES_SAMPLER`` names none; None leaves it to the SDK."""
    if environ.get("OTEL_TRACES_SAMPLER", "").strip():
        return None
    argument = environ.get("OTEL_TRACES_SAMPLER_ARG", "").strip()
    try:
        ratio = float(argument) if argument else DEFAULT_SAMPLE_RATIO
    except ValueError:
        ratio = DEFAULT_SAMPLE_RATIO
    return ParentBased(TraceIdRatioBased(min(max(ratio, 0.0), 1.0)))


def tracing_enabled() -> bool:
    """Whether this process records spans."""
    return _state["enabled"]


def configure_tracing(default_service_name: str) -> bool:
    """Install the SDK and its OTLP/HTTP exporter when configured; return whether tracing is on.

    Once per process: the global tracer provider cannot be replaced.
    """
    if _state["enabled"] or not exporter_configured():
        return _state["enabled"]
    named = {} if os.environ.get("OTEL_SERVICE_NAME") else {SERVICE_NAME: default_service_name}
    # The sampler comes from OTEL_TRACES_SAMPLER (else default_sampler), the exporter's
    # endpoint and headers from OTEL_EXPORTER_OTLP_*, the batching from OTEL_BSP_*.
    provider = TracerProvider(resource=Resource.create(named), sampler=default_sampler())
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    # A client span for every outbound HTTP call made with httpx, its context propagated.
    HTTPXClientInstrumentor().instrument()
    _providers.append(provider)
    _state["enabled"] = True
    return True


def shutdown_tracing() -> None:
    """Export the spans still buffered (called when the application stops)."""
    for provider in _providers:
        provider.force_flush()


def event_headers() -> dict[str, str]:
    """What an event produced now carries: the current trace context and request id."""
    headers: dict[str, str] = {}
    propagate.inject(headers)
    request_id = structlog.contextvars.get_contextvars().get(REQUEST_ID_KEY)
    if isinstance(request_id, str):
        headers[REQUEST_ID_KEY] = request_id
    return headers


def with_current_context(event: IntegrationEvent) -> IntegrationEvent:
    """``event`` carrying the current trace context and request id (stored in the outbox)."""
    headers = event_headers()
    return event.with_headers({**event.headers, **headers}) if headers else event


@contextmanager
def publishing(event: IntegrationEvent, destination: str) -> Iterator[IntegrationEvent]:
    """A producer span for handing ``event`` on, in the trace of the request that stored it.

    Yields the event to send: it carries the producer span's context, so that the consumer's
    span is its child.
    """
    if not tracing_enabled():
        yield event
        return
    parent = propagate.extract(event.headers)
    with tracer.start_as_current_span(
        f"{event.name} publish",
        context=parent,
        kind=SpanKind.PRODUCER,
        attributes=_event_attributes(event, destination),
    ):
        yield with_current_context(event)


@contextmanager
def consuming(event: IntegrationEvent, consumer: str) -> Iterator[Span | None]:
    """The consumer's span (when tracing) and its logs' request id, while it handles ``event``."""
    request_id = event.headers.get(REQUEST_ID_KEY)
    bound = {REQUEST_ID_KEY: request_id} if request_id else {}
    with structlog.contextvars.bound_contextvars(**bound):
        if not tracing_enabled():
            yield None
            return
        with tracer.start_as_current_span(
            f"{event.name} process",
            context=propagate.extract(event.headers),
            kind=SpanKind.CONSUMER,
            attributes=_event_attributes(event, consumer),
        ) as span:
            yield span


def _event_attributes(event: IntegrationEvent, destination: str) -> dict[str, str]:
    return {
        "messaging.destination.name": destination,
        "messaging.message.id": str(event.id),
        "messaging.operation.name": event.name,
    }


def add_trace_ids(
    _logger: object, _method: str, event_dict: structlog.typing.EventDict
) -> structlog.typing.EventDict:
    """A structlog processor: the current span's trace and span ids on every line."""
    span_context = trace.get_current_span().get_span_context()
    if span_context.is_valid:
        event_dict.setdefault("trace_id", format(span_context.trace_id, "032x"))
        event_dict.setdefault("span_id", format(span_context.span_id, "016x"))
    return event_dict
