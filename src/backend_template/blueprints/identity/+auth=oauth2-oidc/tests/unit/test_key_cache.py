"""The key cache: reuse within the TTL, one refresh per unknown kid, flood- and outage-proof."""

import asyncio

import pytest

from {{ unit.domain }}.errors import (
    IdentityProviderUnavailableError,
)
from {{ unit.infrastructure }}.key_cache import (
    RETRY_AFTER_FAILURE_SECONDS,
    CachedKeySet,
)

from tests.fakes.{{ unit.name }}.key_sources import FakeKeySource, FakeMonotonic

TTL = 600.0
INTERVAL = 30.0
OLD = {"kid": "old", "kty": "RSA"}
NEW = {"kid": "new", "kty": "RSA"}


def cache_over(source: FakeKeySource, clock: FakeMonotonic) -> CachedKeySet:
    return CachedKeySet(source, ttl=TTL, min_refresh_interval=INTERVAL, monotonic=clock)


async def test_keys_are_fetched_once_and_reused_within_the_ttl() -> None:
    source, clock = FakeKeySource({"old": OLD}), FakeMonotonic()
    cache = cache_over(source, clock)

    assert await cache.key("old") == OLD
    clock.advance(TTL - 1)
    assert await cache.key("old") == OLD
    assert source.fetches == 1


async def test_keys_are_fetched_again_once_the_ttl_has_passed() -> None:
    source, clock = FakeKeySource({"old": OLD}), FakeMonotonic()
    cache = cache_over(source, clock)
    await cache.key("old")

    source.keys = {"new": NEW}
    clock.advance(TTL)

    assert await cache.key("old") is None
    assert await cache.key("new") == NEW
    assert source.fetches == 2


async def test_an_unknown_kid_triggers_exactly_one_refresh_that_finds_a_rotated_key() -> None:
    source, clock = FakeKeySource({"old": OLD}), FakeMonotonic()
    cache = cache_over(source, clock)
    await cache.key("old")

    source.keys = {"old": OLD, "new": NEW}
    clock.advance(INTERVAL)

    assert await cache.key("new") == NEW
    assert await cache.key("new") == NEW
    assert source.fetches == 2


async def test_a_flood_of_unknown_kids_refreshes_at_most_once_per_interval() -> None:
    source, clock = FakeKeySource({"old": OLD}), FakeMonotonic()
    cache = cache_over(source, clock)
    await cache.key("old")
    clock.advance(INTERVAL)

    results = [await cache.key(f"random-{index}") for index in range(200)]
    assert results == [None] * 200
    assert source.fetches == 2

    clock.advance(INTERVAL / 2)
    assert await cache.key("still-random") is None
    assert source.fetches == 2


async def test_a_rotated_key_is_found_only_after_the_interval_since_the_last_fetch() -> None:
    source, clock = FakeKeySource({"old": OLD}), FakeMonotonic()
    cache = cache_over(source, clock)
    await cache.key("old")
    source.keys = {"old": OLD, "new": NEW}

    assert await cache.key("new") is None
    clock.advance(INTERVAL)
    assert await cache.key("new") == NEW
    assert source.fetches == 2


async def test_concurrent_lookups_share_one_fetch() -> None:
    source, clock = FakeKeySource({"old": OLD}), FakeMonotonic()
    cache = cache_over(source, clock)

    found = await asyncio.gather(*(cache.key("old") for _ in range(20)))

    assert found == [OLD] * 20
    assert source.fetches == 1


async def test_an_unreachable_provider_without_keys_is_unavailable_and_backs_off() -> None:
    source, clock = FakeKeySource({"old": OLD}), FakeMonotonic()
    source.down = True
    cache = cache_over(source, clock)

    for _ in range(10):
        with pytest.raises(IdentityProviderUnavailableError):
            await cache.key("old")
    assert source.fetches == 1

    source.down = False
    clock.advance(RETRY_AFTER_FAILURE_SECONDS)
    assert await cache.key("old") == OLD
    assert source.fetches == 2


async def test_known_keys_keep_serving_while_the_provider_is_down() -> None:
    source, clock = FakeKeySource({"old": OLD}), FakeMonotonic()
    cache = cache_over(source, clock)
    await cache.key("old")

    source.down = True
    clock.advance(TTL)

    assert await cache.key("old") == OLD
    with pytest.raises(IdentityProviderUnavailableError) as unavailable:
        await cache.key("unknown")
    assert unavailable.value.retry_after == 1
    assert source.fetches == 2


async def test_a_key_rotated_during_an_outage_is_fetched_as_soon_as_the_provider_is_back() -> None:
    source, clock = FakeKeySource({"old": OLD}), FakeMonotonic()
    cache = cache_over(source, clock)
    await cache.key("old")
    clock.advance(INTERVAL)
    source.down = True

    with pytest.raises(IdentityProviderUnavailableError):
        await cache.key("new")
    with pytest.raises(IdentityProviderUnavailableError):
        await cache.key("new")
    assert source.fetches == 2

    source.down = False
    source.keys = {"new": NEW}
    clock.advance(RETRY_AFTER_FAILURE_SECONDS)
    assert await cache.key("new") == NEW
    assert await cache.key("random") is None
    assert source.fetches == 3


async def test_an_outage_is_retried_at_most_once_per_retry_interval() -> None:
    source, clock = FakeKeySource({"old": OLD}), FakeMonotonic()
    source.down = True
    cache = cache_over(source, clock)

    for _ in range(5):
        for _ in range(10):
            with pytest.raises(IdentityProviderUnavailableError) as unavailable:
                await cache.key("old")
            assert unavailable.value.retry_after == 1
        clock.advance(RETRY_AFTER_FAILURE_SECONDS)
    assert source.fetches == 5
