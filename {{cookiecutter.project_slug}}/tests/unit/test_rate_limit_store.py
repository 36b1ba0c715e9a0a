import pytest
from redis.asyncio import Redis
from structlog.testing import capture_logs

from {{ cookiecutter.package_name }}.infrastructure.rate_limit_store import (
    SWEEP_THRESHOLD,
    InMemoryRateLimitStore,
    RedisRateLimitStore,
    rate_limit_store,
)
from {{ cookiecutter.package_name }}.shared.rate_limits import Budget

from tests.ports import closed_port

pytest_plugins = ["tests.rate_limit_redis"]


class Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_window_opens_on_the_first_hit_and_closes_after_its_length() -> None:
    ticks = Ticks()
    store = InMemoryRateLimitStore(now=ticks)

    assert (await store.hit("k", 60)).hits == 1
    ticks.now += 59
    count = await store.hit("k", 60)
    assert (count.hits, count.seconds_left()) == (2, 1)
    ticks.now += 1
    assert await store.peek("k") is None
    assert (await store.hit("k", 60)).hits == 1


async def test_closed_windows_are_swept() -> None:
    ticks = Ticks()
    store = InMemoryRateLimitStore(now=ticks)
    for index in range(SWEEP_THRESHOLD):
        await store.hit(f"old-{index}", 10)
    ticks.now += 10

    await store.hit("new", 10)

    assert store.tracked_keys == 1


def test_budgets_refuse_nonsense() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Budget("read", 0, 60)


def test_without_a_url_the_counts_stay_in_the_process() -> None:
    store = rate_limit_store(None, prefix="p", timeout_seconds=1)
    assert isinstance(store, InMemoryRateLimitStore)


async def test_replicas_count_the_same_hits_in_redis(
    rate_limit_redis_url: str, rate_limit_prefix: str
) -> None:
    first = RedisRateLimitStore.from_url(
        rate_limit_redis_url, prefix=rate_limit_prefix, timeout_seconds=1
    )
    second = RedisRateLimitStore.from_url(
        rate_limit_redis_url, prefix=rate_limit_prefix, timeout_seconds=1
    )
    try:
        assert (await first.hit("k", 60)).hits == 1
        count = await second.hit("k", 60)
        assert count.hits == 2
        assert 59 < count.resets_in <= 60
        peeked = await first.peek("k")
        assert peeked is not None
        assert peeked.hits == 2
        await second.forget("k")
        assert await first.peek("k") is None
        assert first.available
    finally:
        await first.close()
        await second.close()


async def test_an_unreachable_redis_fails_open_onto_the_process_counts() -> None:
    ticks = Ticks()
    client = Redis.from_url(
        f"redis://127.0.0.1:{closed_port()}/0", socket_connect_timeout=0.5, socket_timeout=0.5
    )
    store = RedisRateLimitStore(client, prefix="p", retry_seconds=5, now=ticks)
    try:
        with capture_logs() as logs:
            assert (await store.hit("k", 60)).hits == 1
            assert (await store.hit("k", 60)).hits == 2
        assert not store.available
        events = [entry["event"] for entry in logs]
        assert events == ["rate_limit_store_unavailable"]
    finally:
        await store.close()
