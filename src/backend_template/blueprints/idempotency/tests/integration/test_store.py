"""The idempotency keys on the real database: one claim per key, kept, released, expired, purged."""

import asyncio
from datetime import UTC, datetime, timedelta

from {{ unit.database }} import Database
from {{ unit.infrastructure }}.store import idempotency_store
from {{ unit.shared }}.idempotency import Claim, KeptResponse

NOW = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
LOCK = NOW + timedelta(minutes=1)
DAY = NOW + timedelta(days=1)
HEADERS = (("content-type", "application/json"), ("location", "/things/1"))
CREATED = KeptResponse(201, HEADERS, b'{"id":1}')


async def test_the_first_claim_wins_and_the_next_sees_it_under_way(database: Database) -> None:
    store = idempotency_store(database)

    assert await store.claim("k1", "f1", NOW, LOCK) is None
    assert await store.claim("k1", "f2", NOW, LOCK) == Claim("f1", None)
    assert await store.claim("k2", "f1", NOW, LOCK) is None


async def test_a_completed_claim_hands_back_its_response_until_it_expires(
    database: Database,
) -> None:
    store = idempotency_store(database)
    await store.claim("k1", "f1", NOW, LOCK)

    await store.complete("k1", CREATED, DAY)

    assert await store.claim("k1", "f1", LOCK + timedelta(seconds=1), LOCK) == Claim("f1", CREATED)
    assert await store.claim("k1", "f2", DAY, DAY + timedelta(minutes=1)) is None


async def test_a_released_claim_lets_the_key_be_claimed_anew_but_a_kept_one_stays(
    database: Database,
) -> None:
    store = idempotency_store(database)
    await store.claim("k1", "f1", NOW, LOCK)
    await store.claim("k2", "f1", NOW, LOCK)
    await store.complete("k2", CREATED, DAY)

    await store.release("k1")
    await store.release("k2")

    assert await store.claim("k1", "f2", NOW, LOCK) is None
    assert await store.claim("k2", "f1", NOW, LOCK) == Claim("f1", CREATED)


async def test_a_lapsed_claim_is_taken_over(database: Database) -> None:
    store = idempotency_store(database)
    await store.claim("k1", "f1", NOW, LOCK)

    assert await store.claim("k1", "f1", LOCK, LOCK + timedelta(minutes=1)) is None


async def test_purge_deletes_only_the_expired_claims(database: Database) -> None:
    store = idempotency_store(database)
    await store.claim("k1", "f1", NOW, LOCK)
    await store.claim("k2", "f1", NOW, LOCK)
    await store.complete("k2", CREATED, DAY)

    assert await store.purge(NOW) == 0
    assert await store.purge(LOCK) == 1
    assert await store.claim("k2", "f1", LOCK, LOCK) == Claim("f1", CREATED)


async def test_concurrent_claims_of_one_key_leave_exactly_one_winner(database: Database) -> None:
    store = idempotency_store(database)

    claims = await asyncio.gather(*(store.claim("k1", "f1", NOW, LOCK) for _ in range(8)))

    assert claims.count(None) == 1
    assert set(claims) == {None, Claim("f1", None)}


async def test_any_bytes_are_kept_as_they_were(database: Database) -> None:
    store = idempotency_store(database)
    binary = KeptResponse(200, (), bytes(range(256)) * 300)
    await store.claim("k1", "f1", NOW, LOCK)

    await store.complete("k1", binary, DAY)

    assert await store.claim("k1", "f1", NOW, LOCK) == Claim("f1", binary)
