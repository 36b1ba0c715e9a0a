"""The resilient client against a real upstream on loopback that is slow, failing, or stopped.

Requests are counted at the upstream: no more arrive than the retry policy allows, and none
while the circuit is open. The breaker's cool-down runs on a fake clock; timeouts are real.
"""

import time
from collections.abc import AsyncIterator

import pytest

from {{ unit.shared }}.http_client import ResilientClient, UpstreamPolicy, UpstreamUnavailableError
from {{ unit.shared }}.resilience import BreakerPolicy, BreakerState, RetryPolicy

# isort: split
from tests.fakes.clock import FakeClock
from tests.integration.{{ unit.name }}.upstream_server import Behaviour, UpstreamServer

POLICY = UpstreamPolicy(
    connect_timeout_seconds=0.5,
    read_timeout_seconds=0.3,
    retry=RetryPolicy(max_attempts=3, base_delay_seconds=0.01, max_delay_seconds=0.05),
    breaker=BreakerPolicy(failure_threshold=6, minimum_calls=100, cooldown_seconds=30.0),
)
SLOW_SECONDS = 3.0


def state_of(client: ResilientClient) -> BreakerState:
    """The breaker's state now (a call, so that the type checker keeps no earlier answer)."""
    return client.breaker.state


@pytest.fixture
async def upstream() -> AsyncIterator[UpstreamServer]:
    server = UpstreamServer()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def client(upstream: UpstreamServer, clock: FakeClock) -> AsyncIterator[ResilientClient]:
    resilient = ResilientClient("{{ unit.upstream.name }}", upstream.url, POLICY, clock)
    try:
        yield resilient
    finally:
        await resilient.aclose()


async def test_a_slow_upstream_is_cut_off_at_the_read_timeout_on_every_attempt(
    upstream: UpstreamServer, client: ResilientClient
) -> None:
    upstream.behaviour = Behaviour(delay_seconds=SLOW_SECONDS)
    started = time.monotonic()

    with pytest.raises(UpstreamUnavailableError) as caught:
        await client.get("/items/1")

    elapsed = time.monotonic() - started
    # Three attempts of 0.3 s each and two short pauses, far from one slow answer.
    assert 0.9 <= elapsed < SLOW_SECONDS - 1.0
    assert caught.value.details["reason"] == "timeout"
    assert len(upstream.received) == 3


async def test_failing_answers_are_retried_only_as_the_policy_allows(
    upstream: UpstreamServer, client: ResilientClient
) -> None:
    upstream.behaviour = Behaviour(status=503)

    with pytest.raises(UpstreamUnavailableError):
        await client.get("/items/1")
    assert len(upstream.received) == 3

    with pytest.raises(UpstreamUnavailableError):
        await client.request("POST", "/items", json={"name": "once"})
    assert len(upstream.received) == 4

    upstream.behaviour = Behaviour(status=500)
    with pytest.raises(UpstreamUnavailableError):
        await client.get("/items/1")
    assert len(upstream.received) == 5


async def test_a_stopped_upstream_fails_fast_as_unreachable(
    upstream: UpstreamServer, client: ResilientClient
) -> None:
    await upstream.stop()
    started = time.monotonic()

    with pytest.raises(UpstreamUnavailableError) as caught:
        await client.get("/items/1")

    assert caught.value.details["reason"] == "unreachable"
    assert time.monotonic() - started < POLICY.connect_timeout_seconds * 3
    assert upstream.received == []


async def test_the_breaker_opens_after_the_failures_and_half_opens_after_the_cooldown(
    upstream: UpstreamServer, client: ResilientClient, clock: FakeClock
) -> None:
    upstream.behaviour = Behaviour(status=502)
    for _ in range(2):
        with pytest.raises(UpstreamUnavailableError):
            await client.get("/items/1")
    assert len(upstream.received) == 6
    assert state_of(client) is BreakerState.OPEN

    upstream.behaviour = Behaviour(status=200, body={"ok": True})
    with pytest.raises(UpstreamUnavailableError) as caught:
        await client.get("/items/1")
    assert caught.value.details["reason"] == "circuit_open"
    assert caught.value.retry_after == 30
    assert len(upstream.received) == 6

    await upstream.stop()
    clock.advance(30)
    with pytest.raises(UpstreamUnavailableError):
        await client.get("/items/1")  # the probe fails: open again, for another cool-down
    assert len(upstream.received) == 6

    await upstream.start()
    clock.advance(30)
    response = await client.get("/items/1")
    assert response.json() == {"ok": True}
    assert len(upstream.received) == 7
    assert state_of(client) is BreakerState.CLOSED
