{%- set wire = json_case(cookiecutter) -%}
"""The resilient client on a fake upstream: what is retried, how often, and what a caller sees."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import httpx
import pytest
import structlog
from starlette.types import Message, Receive, Scope, Send

from {{ unit.application }} import get_known
from {{ unit.application }}.known import KnownSource
from {{ unit.infrastructure }} import known_live_source
from {{ unit.shared }}.http_client import (
    CallerContextMiddleware,
    ResilientClient,
    UpstreamPolicy,
    UpstreamUnavailableError,
    may_retry,
)
from {{ unit.shared }}.resilience import BreakerPolicy, BreakerState, RetryPolicy

# isort: split
from tests.fakes.clock import FakeClock
from tests.fakes.{{ unit.name }} import known as fake_known

POLICY = UpstreamPolicy(
    retry=RetryPolicy(max_attempts=3, base_delay_seconds=0.1, retry_after_cap_seconds=2.0),
    breaker=BreakerPolicy(failure_threshold=4, minimum_calls=100, cooldown_seconds=10.0),
)
Answer = Callable[[httpx.Request], httpx.Response]


@dataclass
class Upstream:
    """Answers every request with ``answer`` and keeps what it was sent."""

    answer: Answer
    received: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.received.append(request)
        return self.answer(request)


@dataclass
class Sleeper:
    """Instead of sleeping, moves the fake clock on and notes the delay."""

    clock: FakeClock
    delays: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        self.clock.advance(seconds)


def client_of(
    upstream: Upstream, clock: FakeClock, sleeper: Sleeper | None = None
) -> ResilientClient:
    return ResilientClient(
        "{{ unit.upstream.name }}",
        "http://upstream.test",
        POLICY,
        clock,
        jitter=lambda bound: bound,
        sleep=sleeper or Sleeper(clock),
        transport=httpx.MockTransport(upstream),
    )


def status(code: int, headers: dict[str, str] | None = None) -> Answer:
    return lambda _request: httpx.Response(code, headers=headers, json={})


@pytest.mark.parametrize(
    ("method", "headers", "retried"),
    [
        ("GET", {}, True),
        ("head", {}, True),
        ("PUT", {}, True),
        ("DELETE", {}, True),
        ("OPTIONS", {}, True),
        ("POST", {}, False),
        ("PATCH", {}, False),
        ("POST", {"Idempotency-Key": "k1"}, True),
        ("PATCH", {"Idempotency-Key": "k1"}, False),
    ],
)
def test_only_requests_safe_to_send_twice_are_retried(
    method: str, headers: dict[str, str], retried: bool
) -> None:
    assert may_retry(method, headers) is retried


@pytest.mark.parametrize("code", [502, 503, 504, 429])
async def test_a_passing_failure_is_retried_with_backoff_then_answered_503(code: int) -> None:
    clock = FakeClock()
    sleeper = Sleeper(clock)
    upstream = Upstream(status(code))
    client = client_of(upstream, clock, sleeper)

    with pytest.raises(UpstreamUnavailableError) as caught:
        await client.get("/items/1")

    assert len(upstream.received) == 3
    assert sleeper.delays == [pytest.approx(0.1), pytest.approx(0.2)]
    assert (caught.value.code, caught.value.details) == (
        "unavailable",
        {"upstream": "{{ unit.upstream.name }}", "reason": f"status_{code}"},
    )
    await client.aclose()


async def test_a_post_without_an_idempotency_key_is_sent_once() -> None:
    clock = FakeClock()
    upstream = Upstream(status(503))
    client = client_of(upstream, clock)

    with pytest.raises(UpstreamUnavailableError):
        await client.request("POST", "/items", json={"name": "x"})
    with pytest.raises(UpstreamUnavailableError):
        await client.request("POST", "/items", headers={"Idempotency-Key": "k1"}, json={})

    assert [request.headers.get("idempotency-key") for request in upstream.received] == [
        None,
        "k1",
        "k1",
        "k1",
    ]
    await client.aclose()


async def test_a_server_error_is_not_retried_and_a_client_error_is_the_callers_answer() -> None:
    clock = FakeClock()
    failing = Upstream(status(500))
    client = client_of(failing, clock)
    with pytest.raises(UpstreamUnavailableError):
        await client.get("/items/1")
    assert len(failing.received) == 1

    missing = Upstream(status(404))
    client = client_of(missing, clock)
    assert (await client.get("/items/1")).status_code == 404
    assert client.breaker.state is BreakerState.CLOSED
    await client.aclose()


async def test_retry_after_is_honoured_within_the_cap_and_passed_on_beyond_it() -> None:
    clock = FakeClock()
    sleeper = Sleeper(clock)
    answers = iter([httpx.Response(429, headers={"Retry-After": "1"}), httpx.Response(200)])
    client = client_of(Upstream(lambda _request: next(answers)), clock, sleeper)
    assert (await client.get("/items/1")).status_code == 200
    assert sleeper.delays == [1.0]

    busy = Upstream(status(429, {"Retry-After": "30"}))
    client = client_of(busy, clock, sleeper)
    with pytest.raises(UpstreamUnavailableError) as caught:
        await client.get("/items/1")
    assert (len(busy.received), caught.value.retry_after) == (1, 30)
    await client.aclose()


async def test_connection_failures_and_timeouts_are_retried() -> None:
    clock = FakeClock()
    failures = iter([httpx.ConnectError("refused"), httpx.ReadTimeout("slow")])

    def flaky(request: httpx.Request) -> httpx.Response:
        failure = next(failures, None)
        if failure is not None:
            raise failure
        return httpx.Response(200, json={"ok": True}, request=request)

    upstream = Upstream(flaky)
    client = client_of(upstream, clock)

    assert (await client.get("/items/1")).json() == {"ok": True}
    assert len(upstream.received) == 3
    await client.aclose()


async def test_an_open_circuit_refuses_without_calling_and_tells_when_to_come_back() -> None:
    clock = FakeClock()
    upstream = Upstream(status(503))
    client = client_of(upstream, clock)
    with pytest.raises(UpstreamUnavailableError):
        await client.get("/items/1")  # three failures
    with pytest.raises(UpstreamUnavailableError) as caught:
        await client.get("/items/1")  # the fourth opens the breaker, the fifth is refused

    assert len(upstream.received) == 4
    assert caught.value.details["reason"] == "circuit_open"
    assert caught.value.retry_after is not None
    assert 1 <= caught.value.retry_after <= 10

    upstream.answer = status(200)
    clock.advance(10)
    assert (await client.get("/items/1")).status_code == 200
    assert client.breaker.state is BreakerState.CLOSED
    await client.aclose()


async def test_the_callers_credentials_request_id_and_trace_context_go_along() -> None:
    clock = FakeClock()
    upstream = Upstream(status(200))
    client = client_of(upstream, clock)
    trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    async def endpoint(scope: Scope, receive: Receive, send: Send) -> None:
        del scope, receive, send
        await client.get("/items/1")

    async def nothing_received() -> Message:
        return {"type": "http.disconnect"}

    async def nothing_sent(message: Message) -> None:
        del message

    inbound = [
        (b"authorization", b"Bearer caller-token"),
        (b"traceparent", trace.encode()),
        (b"cookie", b"session=secret"),
    ]
    with structlog.contextvars.bound_contextvars(request_id="req-42"):
        scope: Scope = {"type": "http", "headers": inbound}
        await CallerContextMiddleware(endpoint)(scope, nothing_received, nothing_sent)
    sent = upstream.received[0].headers

    assert (sent["authorization"], sent["traceparent"], sent["x-request-id"]) == (
        "Bearer caller-token",
        trace,
        "req-42",
    )
    assert "cookie" not in sent
    await client.aclose()


async def test_a_call_outside_a_request_carries_the_service_credential() -> None:
    clock = FakeClock()
    upstream = Upstream(status(200))
    client = ResilientClient(
        "{{ unit.upstream.name }}",
        "http://upstream.test",
        POLICY,
        clock,
        service_credential="Bearer service-token",
        transport=httpx.MockTransport(upstream),
    )

    await client.get("/items/1")

    assert upstream.received[0].headers["authorization"] == "Bearer service-token"
    await client.aclose()


def owners_record(entity_id: uuid.UUID) -> dict[str, object]:
    """The {{ unit.upstream.name }} service's answer for one {{ unit.upstream.entity }}."""
    return {
        "id": str(entity_id),
        "name": "Live name",
        "description": "",
        "quantity": 7,
        "status": "active",
        "{{ wire.key("created_at") }}": "2024-05-01T09:00:00Z",
        "{{ wire.key("updated_at") }}": "2024-05-01T09:45:00Z",
        "version": 4,
    }


async def test_the_live_answer_wins_and_the_local_record_answers_when_the_owner_cannot() -> None:
    clock = FakeClock()
    entity_id = uuid.uuid4()
    body = owners_record(entity_id)
    upstream = Upstream(lambda _request: httpx.Response(200, json=body))
    client = client_of(upstream, clock)
    records = fake_known.InMemoryKnown{{ unit.upstream.entity_class }}UnitOfWork()
    source = known_live_source.HttpKnown{{ unit.upstream.entity_class }}Source(client)
    read = get_known.GetKnown{{ unit.upstream.entity_class }}(records, source)
    query = get_known.GetKnown{{ unit.upstream.entity_class }}Query(entity_id)

    live = await read.execute(query)
    assert (live.source, live.name, live.quantity, live.events_applied) == (
        KnownSource.LIVE,
        "Live name",
        7,
        4,
    )
    assert upstream.received[0].url.path == f"/api/v1/{{ unit.upstream.name }}/{entity_id}"

    records.seed(replace(live, name="Local name", source=KnownSource.LOCAL))
    for answer in (status(503), status(403), status(200), status(404)):
        upstream.answer = answer  # down, refused, not understood, or unknown to the owner
        known = await read.execute(query)
        assert (known.source, known.name) == (KnownSource.LOCAL, "Local name")
    await client.aclose()
