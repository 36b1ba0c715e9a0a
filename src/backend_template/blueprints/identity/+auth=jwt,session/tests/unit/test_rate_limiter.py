import pytest

from {{ unit.infrastructure }}.rate_limiter import (
    SWEEP_THRESHOLD,
    InMemoryLoginRateLimiter,
)
from {{ unit.shared }}.errors import RateLimitedError

from tests.fakes.clock import FakeClock


@pytest.fixture
def limiter(clock: FakeClock) -> InMemoryLoginRateLimiter:
    return InMemoryLoginRateLimiter(max_attempts=2, window_seconds=30, clock=clock)


async def test_allows_up_to_the_maximum_of_failures(limiter: InMemoryLoginRateLimiter) -> None:
    await limiter.check("k")
    await limiter.record_failure("k")
    await limiter.check("k")
    await limiter.record_failure("k")

    with pytest.raises(RateLimitedError) as caught:
        await limiter.check("k")
    assert caught.value.retry_after == 30


async def test_retry_after_counts_down_to_the_oldest_failure_leaving_the_window(
    limiter: InMemoryLoginRateLimiter, clock: FakeClock
) -> None:
    await limiter.record_failure("k")
    clock.advance(10)
    await limiter.record_failure("k")
    clock.advance(5)

    with pytest.raises(RateLimitedError) as caught:
        await limiter.check("k")
    assert caught.value.retry_after == 15

    clock.advance(15)
    await limiter.check("k")


async def test_keys_are_independent_and_reset_forgets(limiter: InMemoryLoginRateLimiter) -> None:
    for _ in range(2):
        await limiter.record_failure("a")

    await limiter.check("b")
    await limiter.reset("a")
    await limiter.check("a")


async def test_stale_keys_are_swept(limiter: InMemoryLoginRateLimiter, clock: FakeClock) -> None:
    for index in range(SWEEP_THRESHOLD - 1):
        await limiter.record_failure(f"key-{index}")
    clock.advance(20)
    await limiter.record_failure("recent")
    clock.advance(11)

    await limiter.record_failure("fresh")

    assert limiter.tracked_keys == 2
    await limiter.record_failure("recent")
    with pytest.raises(RateLimitedError):
        await limiter.check("recent")


def test_refuses_nonsense_limits(clock: FakeClock) -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        InMemoryLoginRateLimiter(max_attempts=0, window_seconds=30, clock=clock)
