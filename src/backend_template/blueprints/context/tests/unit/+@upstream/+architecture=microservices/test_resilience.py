"""The call policies on a fake clock: retry delays, the circuit breaker's states, the bulkhead."""

import asyncio
from dataclasses import replace

import pytest

from {{ unit.shared }}.resilience import (
    BreakerPolicy,
    BreakerState,
    Bulkhead,
    BulkheadFullError,
    CircuitBreaker,
    RetryPolicy,
)

# isort: split
from tests.fakes.clock import FakeClock


def highest(bound: float) -> float:
    """A jitter source that always draws the top of its range."""
    return bound


def test_backoff_doubles_up_to_its_ceiling_and_stops_after_the_last_attempt() -> None:
    policy = RetryPolicy(max_attempts=5, base_delay_seconds=0.1, max_delay_seconds=0.3)

    delays = [policy.delay(attempt, highest) for attempt in range(1, 6)]

    assert delays == [0.1, 0.2, 0.3, 0.3, None]


def test_full_jitter_draws_between_nothing_and_the_backoff() -> None:
    policy = RetryPolicy(max_attempts=3, base_delay_seconds=0.4)
    bounds: list[float] = []

    def draw(bound: float) -> float:
        bounds.append(bound)
        return bound / 4

    assert policy.delay(2, draw) == pytest.approx(0.2)
    assert bounds == [pytest.approx(0.8)]


def test_retry_after_replaces_the_backoff_within_the_cap_and_ends_the_retries_beyond() -> None:
    policy = RetryPolicy(max_attempts=3, retry_after_cap_seconds=2.0)

    assert policy.delay(1, highest, retry_after=1.5) == 1.5
    assert policy.delay(1, highest, retry_after=2.5) is None
    assert policy.delay(3, highest, retry_after=0.5) is None


# Opens on three failures in a row; the ratio needs more calls than the tests make.
THREE_IN_A_ROW = BreakerPolicy(failure_threshold=3, minimum_calls=100, cooldown_seconds=10.0)


def breaker(clock: FakeClock, policy: BreakerPolicy = THREE_IN_A_ROW) -> CircuitBreaker:
    return CircuitBreaker(policy, clock)


def state_of(circuit: CircuitBreaker) -> BreakerState:
    """The state now (a call, so that the type checker does not keep an earlier answer)."""
    return circuit.state


def fail(circuit: CircuitBreaker, times: int) -> None:
    for _ in range(times):
        assert circuit.allow()
        circuit.failed()


def test_the_breaker_opens_after_the_consecutive_failures_and_refuses_calls() -> None:
    clock = FakeClock()
    circuit = breaker(clock)

    fail(circuit, 2)
    assert circuit.allow()
    circuit.succeeded()  # a success breaks the run of failures
    fail(circuit, 2)
    assert state_of(circuit) is BreakerState.CLOSED
    fail(circuit, 1)

    assert state_of(circuit) is BreakerState.OPEN
    assert not circuit.allow()
    clock.advance(4)
    assert circuit.retry_after() == 6


def test_the_breaker_opens_on_the_failure_ratio_within_its_window() -> None:
    clock = FakeClock()
    circuit = breaker(clock, replace(THREE_IN_A_ROW, failure_threshold=100, minimum_calls=4))
    for failed in (True, False, True):
        assert circuit.allow()
        if failed:
            circuit.failed()
        else:
            circuit.succeeded()
        clock.advance(1)
    assert state_of(circuit) is BreakerState.CLOSED

    circuit.allow()
    circuit.failed()  # 3 of 4 calls failed

    assert state_of(circuit) is BreakerState.OPEN


def test_outcomes_older_than_the_window_do_not_count_towards_the_ratio() -> None:
    clock = FakeClock()
    policy = replace(THREE_IN_A_ROW, failure_threshold=100, minimum_calls=3, window_seconds=10)
    circuit = breaker(clock, policy)
    fail(circuit, 2)
    clock.advance(11)

    for _ in range(2):
        assert circuit.allow()
        circuit.succeeded()
    fail(circuit, 1)

    assert state_of(circuit) is BreakerState.CLOSED


def test_after_the_cooldown_a_bounded_number_of_probes_go_and_a_success_closes() -> None:
    clock = FakeClock()
    circuit = breaker(clock, replace(THREE_IN_A_ROW, half_open_probes=2))
    fail(circuit, 3)
    clock.advance(9.5)
    assert not circuit.allow()

    clock.advance(0.5)
    assert state_of(circuit) is BreakerState.HALF_OPEN
    assert [circuit.allow() for _ in range(3)] == [True, True, False]
    circuit.succeeded()

    assert state_of(circuit) is BreakerState.CLOSED
    assert circuit.allow()


def test_a_failed_probe_opens_the_breaker_for_another_cooldown() -> None:
    clock = FakeClock()
    circuit = breaker(clock)
    fail(circuit, 3)
    clock.advance(10)

    assert circuit.allow()
    circuit.failed()

    assert state_of(circuit) is BreakerState.OPEN
    clock.advance(9)
    assert not circuit.allow()
    clock.advance(1)
    assert circuit.allow()


def test_an_abandoned_probe_frees_its_slot() -> None:
    clock = FakeClock()
    circuit = breaker(clock)
    fail(circuit, 3)
    clock.advance(10)
    assert circuit.allow()
    assert not circuit.allow()

    circuit.abandoned()

    assert circuit.allow()


async def test_the_bulkhead_bounds_the_calls_in_flight_and_refuses_after_its_wait() -> None:
    bulkhead = Bulkhead(max_concurrent=2, max_wait_seconds=0.05)
    release = asyncio.Event()
    entered = [asyncio.Event(), asyncio.Event()]

    async def hold(inside: asyncio.Event) -> None:
        async with bulkhead.slot():
            inside.set()
            await release.wait()

    holders = [asyncio.create_task(hold(inside)) for inside in entered]
    for inside in entered:
        await inside.wait()

    with pytest.raises(BulkheadFullError):
        async with bulkhead.slot():
            pytest.fail("a third call got in")

    release.set()
    await asyncio.gather(*holders)
    async with bulkhead.slot():
        pass


async def test_a_call_waiting_for_the_bulkhead_gets_a_slot_freed_within_its_wait() -> None:
    bulkhead = Bulkhead(max_concurrent=1, max_wait_seconds=5.0)
    entered = asyncio.Event()
    release = asyncio.Event()

    async def hold() -> None:
        async with bulkhead.slot():
            entered.set()
            await release.wait()

    holder = asyncio.create_task(hold())
    await entered.wait()
    asyncio.get_running_loop().call_soon(release.set)

    async with bulkhead.slot():
        pass
    await holder
