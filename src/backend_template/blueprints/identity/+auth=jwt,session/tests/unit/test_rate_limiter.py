import pytest
from prometheus_client import REGISTRY

from {{ unit.infrastructure }}.rate_limiter import StoredLoginRateLimiter
from {{ unit.package }}.infrastructure.rate_limit_store import InMemoryRateLimitStore
from {{ unit.shared }}.errors import RateLimitedError

from tests.fakes.clock import FakeClock


@pytest.fixture
def store(clock: FakeClock) -> InMemoryRateLimitStore:
    return InMemoryRateLimitStore(now=lambda: clock.now().timestamp())


@pytest.fixture
def limiter(store: InMemoryRateLimitStore) -> StoredLoginRateLimiter:
    return StoredLoginRateLimiter(store, max_attempts=2, window_seconds=30)


def locked_out() -> float:
    """The sign-in refusals counted so far by the rate-limit rejections metric."""
    counted = REGISTRY.get_sample_value(
        "rate_limit_rejections_total", {"policy": "sign-in-failures"}
    )
    return counted or 0.0


async def test_allows_up_to_the_maximum_of_failures(limiter: StoredLoginRateLimiter) -> None:
    refused_before = locked_out()
    await limiter.check("k")
    await limiter.record_failure("k")
    await limiter.check("k")
    await limiter.record_failure("k")

    with pytest.raises(RateLimitedError) as caught:
        await limiter.check("k")
    assert caught.value.retry_after == 30
    assert locked_out() - refused_before == 1.0


async def test_retry_after_counts_down_to_the_window_opened_by_the_first_failure(
    limiter: StoredLoginRateLimiter, clock: FakeClock
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


async def test_keys_are_independent_and_reset_forgets(limiter: StoredLoginRateLimiter) -> None:
    for _ in range(2):
        await limiter.record_failure("a")

    await limiter.check("b")
    await limiter.reset("a")
    await limiter.check("a")


async def test_the_store_holds_digests_not_emails(
    limiter: StoredLoginRateLimiter, store: InMemoryRateLimitStore
) -> None:
    await limiter.record_failure("203.0.113.9|ada@example.com")

    assert store.tracked_keys == 1
    assert await store.peek("sign-in-failures:203.0.113.9|ada@example.com") is None


def test_refuses_nonsense_limits(store: InMemoryRateLimitStore) -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        StoredLoginRateLimiter(store, max_attempts=0, window_seconds=30)
