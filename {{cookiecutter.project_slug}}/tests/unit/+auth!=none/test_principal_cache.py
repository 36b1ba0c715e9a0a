"""How long the Authorizer trusts a caller it resolved: the bound behind logout and revocation."""

import pytest

from {{ cookiecutter.package_name }}.api import security
from {{ cookiecutter.package_name }}.api.security import PrincipalCache
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
