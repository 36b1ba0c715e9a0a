"""How long the Authorizer trusts a caller it resolved: the bound behind logout and revocation."""

import asyncio

import pytest

from {{ cookiecutter.package_name }}.api import security
from {{ cookiecutter.package_name }}.api.security import PrincipalCache
from {{ cookiecutter.package_name }}.shared.errors import AuthenticationError
from {{ cookiecutter.package_name }}.shared.security import Principal

ALICE = Principal.with_roles("alice", ["user"])
BOB = Principal.with_roles("bob", ["admin"])


class Ticking:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_resolved_caller_is_remembered_for_the_stated_seconds_and_no_longer() -> None:
    clock = Ticking()
    cache = PrincipalCache(5.0, clock)
    cache.put("alice-token", ALICE)

    clock.now += 4.9
    assert cache.get("alice-token") == ALICE
    clock.now += 0.1
    assert cache.get("alice-token") is None


def test_each_credential_has_its_own_entry() -> None:
    cache = PrincipalCache(5.0, Ticking())
    cache.put("alice-token", ALICE)
    cache.put("bob-token", BOB)

    assert cache.get("alice-token") == ALICE
    assert cache.get("bob-token") == BOB
    assert cache.get("carol-token") is None


def test_forgetting_drops_every_caller_at_once() -> None:
    cache = PrincipalCache(5.0, Ticking())
    cache.put("alice-token", ALICE)

    cache.forget()

    assert cache.get("alice-token") is None


def test_zero_seconds_remembers_nobody() -> None:
    cache = PrincipalCache(0.0, Ticking())
    cache.put("alice-token", ALICE)

    assert cache.get("alice-token") is None


def test_no_credential_is_kept_in_clear() -> None:
    cache = PrincipalCache(5.0, Ticking())
    cache.put("alice-secret-token", ALICE)

    assert all(b"alice-secret-token" not in key for key in vars(cache)["_entries"])


def test_a_full_cache_makes_room_by_dropping_the_expired_then_everything(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(security, "MAX_CACHED_PRINCIPALS", 2)
    clock = Ticking()
    cache = PrincipalCache(5.0, clock)
    cache.put("old-token", ALICE)
    clock.now += 10
    cache.put("alice-token", ALICE)
    cache.put("bob-token", BOB)
    assert (cache.get("alice-token"), cache.get("bob-token")) == (ALICE, BOB)

    cache.put("carol-token", ALICE)

    assert cache.get("alice-token") is None
    assert cache.get("carol-token") == ALICE


class Gate:
    """A resolver that counts its calls and answers when the test opens it."""

    def __init__(self, principal: Principal) -> None:
        self.principal = principal
        self.calls = 0
        self.opened = asyncio.Event()

    async def __call__(self, _credentials: str) -> Principal:
        self.calls += 1
        await self.opened.wait()
        return self.principal


async def test_concurrent_misses_for_the_same_credentials_resolve_them_once() -> None:
    cache = PrincipalCache(5.0, Ticking())
    gate = Gate(ALICE)
    waiting = [asyncio.create_task(cache.resolve("alice-token", gate)) for _ in range(5)]
    await asyncio.sleep(0)

    gate.opened.set()

    assert await asyncio.gather(*waiting) == [ALICE] * 5
    assert gate.calls == 1
    assert cache.get("alice-token") == ALICE


async def test_a_caller_giving_up_leaves_the_shared_resolution_to_the_others() -> None:
    cache = PrincipalCache(5.0, Ticking())
    gate = Gate(ALICE)
    first = asyncio.create_task(cache.resolve("alice-token", gate))
    second = asyncio.create_task(cache.resolve("alice-token", gate))
    await asyncio.sleep(0)

    first.cancel()
    gate.opened.set()

    assert await second == ALICE
    assert first.cancelled()
    assert gate.calls == 1


async def test_a_failed_resolution_reaches_every_waiter_and_is_not_remembered() -> None:
    cache = PrincipalCache(5.0, Ticking())
    calls = 0

    async def refuse(_credentials: str) -> Principal:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0)
        raise AuthenticationError("Invalid credentials.")

    outcomes = await asyncio.gather(
        cache.resolve("bad-token", refuse),
        cache.resolve("bad-token", refuse),
        return_exceptions=True,
    )

    assert all(isinstance(outcome, AuthenticationError) for outcome in outcomes)
    assert calls == 1
    assert cache.get("bad-token") is None


async def test_forgetting_during_a_resolution_keeps_its_answer_out_of_the_cache() -> None:
    cache = PrincipalCache(5.0, Ticking())
    gate = Gate(ALICE)
    before_the_change = asyncio.create_task(cache.resolve("alice-token", gate))
    await asyncio.sleep(0)

    cache.forget()
    gate.opened.set()

    assert await before_the_change == ALICE
    assert cache.get("alice-token") is None
