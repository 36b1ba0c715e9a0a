"""Policies for calls to another service: retries with backoff, a circuit breaker, a bulkhead.

Each policy reads time from an injected clock and draws its jitter from an injected source,
so that tests drive them exactly. None of them knows HTTP: ``http_client`` applies them.
"""

import asyncio
import math
import random
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from enum import StrEnum

from {{ cookiecutter.package_name }}.shared.clock import Clock

# Draws a delay in [0, bound]: the "full jitter" that keeps clients from retrying in step.
Jitter = Callable[[float], float]


def full_jitter(bound: float) -> float:
    return random.uniform(0.0, bound)  # noqa: S311 - spreads retries out, guards no secret


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long apart a failed call is tried again.

    Attempt n (from 1) that failed waits a random time up to ``base * 2**(n-1)``, at most
    ``max_delay``, before attempt n+1. An upstream's ``Retry-After`` replaces that wait when it
    is within ``retry_after_cap``; a longer one ends the retries, since the caller would not
    wait that long.
    """

    max_attempts: int = 3
    base_delay_seconds: float = 0.1
    max_delay_seconds: float = 2.0
    retry_after_cap_seconds: float = 5.0

    def delay(
        self, failed_attempt: int, jitter: Jitter, retry_after: float | None = None
    ) -> float | None:
        """Seconds to wait before the next attempt, or None: no attempt is left."""
        if failed_attempt >= self.max_attempts:
            return None
        if retry_after is not None:
            return max(retry_after, 0.0) if retry_after <= self.retry_after_cap_seconds else None
        bound = min(self.max_delay_seconds, self.base_delay_seconds * 2 ** (failed_attempt - 1))
        return jitter(bound)


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


@dataclass(frozen=True)
class BreakerPolicy:
    """When a breaker opens, how long it stays open, and how many probes it then lets through.

    It opens after ``failure_threshold`` failures in a row, or when at least ``minimum_calls``
    calls ended within the last ``window_seconds`` and ``failure_ratio`` of them failed.
    """

    failure_threshold: int = 5
    failure_ratio: float = 0.5
    minimum_calls: int = 10
    window_seconds: float = 30.0
    cooldown_seconds: float = 10.0
    half_open_probes: int = 1


class CircuitBreaker:
    """Stops calling an upstream that keeps failing, then tries it again with a few probes.

    Closed: every call goes through. Open: none does, until the cool-down is over. Half-open:
    at most ``half_open_probes`` calls at a time go through; a success closes the breaker, a
    failure opens it for another cool-down.
    """

    def __init__(self, policy: BreakerPolicy, clock: Clock) -> None:
        self._policy = policy
        self._clock = clock
        self._opened = False
        self._opened_at = 0.0
        self._consecutive_failures = 0
        self._outcomes: deque[tuple[float, bool]] = deque()  # (when, failed) within the window
        self._probes = 0

    def _now(self) -> float:
        return self._clock.now().timestamp()

    @property
    def state(self) -> BreakerState:
        if not self._opened:
            return BreakerState.CLOSED
        if self._now() - self._opened_at < self._policy.cooldown_seconds:
            return BreakerState.OPEN
        return BreakerState.HALF_OPEN

    def retry_after(self) -> int:
        """Whole seconds until the breaker lets a probe through (at least 1)."""
        left = self._policy.cooldown_seconds - (self._now() - self._opened_at)
        return max(1, math.ceil(left))

    def allow(self) -> bool:
        """Whether a call may go now; a call allowed must end in ``succeeded``, ``failed`` or
        ``abandoned``."""
        state = self.state
        if state is BreakerState.CLOSED:
            return True
        if state is BreakerState.OPEN or self._probes >= self._policy.half_open_probes:
            return False
        self._probes += 1
        return True

    def succeeded(self) -> None:
        if self._opened:
            self._close()
            return
        self._consecutive_failures = 0
        self._note(failed=False)

    def failed(self) -> None:
        if self._opened:
            self._open()
            return
        self._consecutive_failures += 1
        self._note(failed=True)
        failures = sum(failed for _, failed in self._outcomes)
        if self._consecutive_failures >= self._policy.failure_threshold or (
            len(self._outcomes) >= self._policy.minimum_calls
            and failures >= self._policy.failure_ratio * len(self._outcomes)
        ):
            self._open()

    def abandoned(self) -> None:
        """The call ended with no verdict on the upstream (cancelled): its probe slot frees."""
        if self._opened:
            self._probes = max(0, self._probes - 1)

    def _note(self, *, failed: bool) -> None:
        now = self._now()
        self._outcomes.append((now, failed))
        while self._outcomes and now - self._outcomes[0][0] > self._policy.window_seconds:
            self._outcomes.popleft()

    def _open(self) -> None:
        self._opened = True
        self._opened_at = self._now()
        self._probes = 0

    def _close(self) -> None:
        self._opened = False
        self._probes = 0
        self._consecutive_failures = 0
        self._outcomes.clear()


class BulkheadFullError(Exception):
    """Every slot stayed taken for the whole wait: the call is refused, not queued."""


class Bulkhead:
    """A bound on the calls in flight to one upstream; a call waits a bounded time for a slot."""

    def __init__(self, max_concurrent: int, max_wait_seconds: float) -> None:
        self._slots = asyncio.Semaphore(max_concurrent)
        self._max_wait = max_wait_seconds

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        if self._slots.locked():
            try:
                await asyncio.wait_for(self._slots.acquire(), self._max_wait)
            except TimeoutError:
                raise BulkheadFullError from None
        else:
            await self._slots.acquire()
        try:
            yield
        finally:
            self._slots.release()
