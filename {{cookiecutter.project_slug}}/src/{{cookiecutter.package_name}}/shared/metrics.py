"""The service's Prometheus metrics, served at ``/metrics`` in the text exposition format.

With several worker processes (``uvicorn --workers N``, gunicorn), set
``PROMETHEUS_MULTIPROC_DIR`` to an empty directory every worker can write, emptied before the
service starts: each process then keeps its samples there and ``/metrics``, whichever worker
answers it, adds up those of every process (prometheus_client's multiprocess mode). Without it,
each process counts alone, which is right for one worker per container.
"""

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

MULTIPROCESS_DIRECTORY = "PROMETHEUS_MULTIPROC_DIR"

# Fine around the 200 ms the service promises for its p99, coarse beyond.
DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0, 2.5, 5.0, 10.0)

HTTP_REQUESTS = Counter(
    "http_requests",
    "HTTP requests answered, by route template, method and status code.",
    ["method", "route", "status"],
)
HTTP_REQUEST_DURATION = Histogram(
    "http_request_duration_seconds",
    "Time from the request's arrival to the end of its response, by route template.",
    ["method", "route"],
    buckets=DURATION_BUCKETS,
)
HTTP_REQUESTS_IN_FLIGHT = Gauge(
    "http_requests_in_flight",
    "HTTP requests being answered now.",
    multiprocess_mode="livesum",
)
DATABASE_CONNECTIONS = Gauge(
    "database_pool_connections",
    "Database connections the pool holds open.",
    multiprocess_mode="livesum",
)
DATABASE_CONNECTIONS_IN_USE = Gauge(
    "database_pool_connections_in_use",
    "Database connections lent out by the pool now.",
    multiprocess_mode="livesum",
)
OUTBOX_PENDING = Gauge(
    "outbox_pending_messages",
    "Integration events stored in the outbox and not yet published (read at each scrape).",
    multiprocess_mode="mostrecent",
)
OUTBOX_OLDEST_AGE = Gauge(
    "outbox_oldest_pending_age_seconds",
    "Age of the oldest unpublished outbox message, 0 when none waits (read at each scrape).",
    multiprocess_mode="mostrecent",
)
OUTBOX_RELAY_FAILURES = Counter(
    "outbox_relay_failures",
    "Relay rounds that failed (publisher or database unavailable); retried with backoff.",
)
RATE_LIMIT_REJECTIONS = Counter(
    "rate_limit_rejections",
    "Requests refused with 429, by budget: sign-in, write, read, or sign-in-failures (an "
    "address or account locked out after failed sign-ins).",
    ["policy"],
)
EVENTS_CONSUMED = Counter(
    "events_consumed",
    "Integration events whose handlers all returned, by consumer and event name.",
    ["consumer", "event"],
)
EVENTS_RETRIED = Counter(
    "events_retried",
    "Deliveries that failed and were scheduled again, by consumer and event name.",
    ["consumer", "event"],
)
EVENTS_DEAD_LETTERED = Counter(
    "events_dead_lettered",
    "Messages given up on (handler failed every attempt, or not an event), by consumer.",
    ["consumer"],
)


def multiprocess_mode() -> bool:
    """Whether samples are kept per process in ``PROMETHEUS_MULTIPROC_DIR``."""
    return bool(os.environ.get(MULTIPROCESS_DIRECTORY))


def exposition() -> tuple[bytes, str]:
    """The text exposition of every metric (of every worker process in multiprocess mode)."""
    if multiprocess_mode():
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def forget_this_process() -> None:
    """On shutdown, in multiprocess mode: drop this process's live gauges from the sums."""
    if multiprocess_mode():
        multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]
