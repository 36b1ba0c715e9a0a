"""Authenticating a presented key: every way to fail is the same 401, and use is recorded."""

from datetime import timedelta

import pytest

from {{ unit.application }}.authenticate_key import (
    AuthenticateApiKey,
)
from {{ unit.domain }}.errors import InvalidApiKeyError
from {{ unit.domain }}.key_format import parse_key
from {{ unit.shared }}.errors import ServiceUnavailableError

from tests.fakes.{{ unit.name }}.keys import KeyIssuer
from tests.fakes.clock import FakeClock
from tests.fakes.{{ unit.name }}.security import FakeKeyHasher
from tests.fakes.{{ unit.name }}.unit_of_work import IdentityStore, InMemoryApiKeyRepository


async def test_a_valid_key_authenticates_as_itself(
    authenticate: AuthenticateApiKey, issue: KeyIssuer
) -> None:
    issued = await issue(["catalog:read", "orders:*"])

    view = await authenticate.execute(issued.key)

    assert view.id == issued.view.id
    assert view.scopes == ("catalog:read", "orders:*")


async def test_a_malformed_key_is_refused_without_a_lookup(
    authenticate: AuthenticateApiKey, hasher: FakeKeyHasher
) -> None:
    with pytest.raises(InvalidApiKeyError):
        await authenticate.execute("not-a-key")
    assert hasher.comparisons == 0


async def test_an_unknown_key_id_is_refused_after_the_same_comparison(
    authenticate: AuthenticateApiKey, hasher: FakeKeyHasher
) -> None:
    with pytest.raises(InvalidApiKeyError):
        await authenticate.execute("acme_abcd1234_" + "a" * 43)
    assert hasher.comparisons == 1


async def test_a_wrong_secret_for_a_known_key_id_is_refused(
    authenticate: AuthenticateApiKey, issue: KeyIssuer
) -> None:
    issued = await issue()
    parts = parse_key(issued.key)
    assert parts is not None
    forged = f"{parts.prefix}_{parts.key_id}_{'A' * len(parts.secret)}"

    with pytest.raises(InvalidApiKeyError) as error:
        await authenticate.execute(forged)
    assert error.value.message == "The API key is invalid, revoked or expired."


async def test_another_prefix_with_the_right_key_id_and_secret_is_refused(
    authenticate: AuthenticateApiKey, issue: KeyIssuer
) -> None:
    issued = await issue()

    with pytest.raises(InvalidApiKeyError):
        await authenticate.execute("other" + issued.key.removeprefix("acme"))


async def test_revoked_and_expired_keys_are_refused(
    authenticate: AuthenticateApiKey, issue: KeyIssuer, store: IdentityStore, clock: FakeClock
) -> None:
    revoked = await issue()
    expiring = await issue(expires_at=clock.now() + timedelta(hours=1))
    store.keys[revoked.view.id].revoke(clock.now())

    with pytest.raises(InvalidApiKeyError):
        await authenticate.execute(revoked.key)
    assert (await authenticate.execute(expiring.key)).id == expiring.view.id
    clock.advance(3600)
    with pytest.raises(InvalidApiKeyError):
        await authenticate.execute(expiring.key)


async def test_the_last_used_time_is_written_at_most_once_a_minute(
    authenticate: AuthenticateApiKey, issue: KeyIssuer, store: IdentityStore, clock: FakeClock
) -> None:
    issued = await issue()
    commits = store.commits
    first_use = clock.now()

    assert (await authenticate.execute(issued.key)).last_used_at == first_use
    clock.advance(30)
    await authenticate.execute(issued.key)
    assert store.keys[issued.view.id].last_used_at == first_use
    assert store.commits == commits + 1

    clock.advance(30)
    await authenticate.execute(issued.key)
    assert store.keys[issued.view.id].last_used_at == clock.now()
    assert store.commits == commits + 2


async def test_a_key_is_accepted_when_its_use_cannot_be_recorded(
    authenticate: AuthenticateApiKey,
    issue: KeyIssuer,
    store: IdentityStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    issued = await issue()
    commits = store.commits

    async def database_takes_no_writes(*_: object, **__: object) -> None:
        raise ServiceUnavailableError("The database is locked.")

    monkeypatch.setattr(InMemoryApiKeyRepository, "record_use", database_takes_no_writes)
    view = await authenticate.execute(issued.key)

    assert view.id == issued.view.id
    assert view.last_used_at is None
    assert store.keys[issued.view.id].last_used_at is None
    assert store.commits == commits
