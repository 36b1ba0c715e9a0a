"""The ApiKey aggregate's rules: names, scopes, expiry, revocation, rotation."""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import pytest

from {{ unit.domain }}.api_key import MAX_SCOPES, ApiKey
from {{ unit.domain }}.errors import (
    ApiKeyRevokedError,
    InvalidExpiryError,
    InvalidKeyNameError,
    InvalidScopeError,
)
from {{ unit.shared }}.ids import new_id

NOW = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


def a_key(
    *,
    name: str = "billing",
    scopes: Iterable[str] = ("catalog:read",),
    expires_at: datetime | None = None,
    key_hash: str = "hash",
) -> ApiKey:
    return ApiKey.issue(
        id=new_id(),
        key_id="abcd1234",
        key_hash=key_hash,
        name=name,
        scopes=scopes,
        now=NOW,
        expires_at=expires_at,
    )


@pytest.mark.parametrize(
    "scope",
    ["*", "catalog:read", "catalog:*", "*:read", "*:*", "identity:admin", "order_lines:write"],
)
def test_known_scope_shapes_are_accepted(scope: str) -> None:
    assert a_key(scopes=[scope, f" {scope} "]).scopes == {scope}


@pytest.mark.parametrize(
    "scope",
    ["", "catalog", "Catalog:read", "catalog:read:extra", "cat alog:read", ":read", "catalog:"],
)
def test_other_scope_shapes_are_refused_and_named(scope: str) -> None:
    with pytest.raises(InvalidScopeError) as error:
        a_key(scopes=["catalog:read", scope])
    assert error.value.details == {"invalid": [scope.strip()]}


def test_a_key_needs_at_least_one_scope_and_at_most_the_limit() -> None:
    with pytest.raises(InvalidScopeError, match="at least one"):
        a_key(scopes=[])
    with pytest.raises(InvalidScopeError, match="at most"):
        a_key(scopes=[f"context{index}:read" for index in range(MAX_SCOPES + 1)])


def test_the_name_is_trimmed_and_must_not_be_blank_or_too_long() -> None:
    assert a_key(name="  ci  ").name == "ci"
    with pytest.raises(InvalidKeyNameError):
        a_key(name="   ")
    with pytest.raises(InvalidKeyNameError):
        a_key(name="n" * 101)


def test_an_expiry_must_lie_in_the_future() -> None:
    with pytest.raises(InvalidExpiryError):
        a_key(expires_at=NOW)


def test_a_key_is_usable_until_it_expires() -> None:
    key = a_key(expires_at=NOW + timedelta(hours=1))

    assert key.is_usable(NOW + timedelta(minutes=59))
    assert not key.is_usable(NOW + timedelta(hours=1))
    assert a_key().is_usable(NOW + timedelta(days=3650))


def test_a_revoked_key_is_unusable_and_revoking_again_changes_nothing() -> None:
    key = a_key()

    assert key.revoke(NOW)
    assert not key.revoke(NOW + timedelta(hours=1))
    assert key.revoked_at == NOW
    assert not key.is_usable(NOW)


def test_rotation_keeps_name_scopes_and_expiry_and_revokes_the_old_key() -> None:
    old = a_key(scopes=["catalog:read", "orders:*"], expires_at=NOW + timedelta(days=30))
    later = NOW + timedelta(days=1)

    new = old.rotate(id=new_id(), key_id="efgh5678", key_hash="other", now=later)

    assert (new.name, new.scopes, new.expires_at) == (old.name, old.scopes, old.expires_at)
    assert (new.key_id, new.created_at, new.revoked_at) == ("efgh5678", later, None)
    assert old.revoked_at == later


def test_rotation_may_set_a_new_expiry_but_not_revive_a_revoked_key() -> None:
    old = a_key(expires_at=NOW + timedelta(days=1))
    later = NOW + timedelta(days=2)

    new = old.rotate(
        id=new_id(), key_id="efgh5678", key_hash="x", now=later, expires_at=later + timedelta(1)
    )

    assert new.expires_at == later + timedelta(1)
    with pytest.raises(ApiKeyRevokedError):
        old.rotate(id=new_id(), key_id="ijkl9012", key_hash="y", now=later)


def test_the_hash_never_shows_in_the_representation() -> None:
    assert "secret-hash" not in repr(a_key(key_hash="secret-hash"))


def test_use_is_recorded_at_most_once_per_interval() -> None:
    key = a_key()
    interval = timedelta(minutes=1)

    assert key.use_worth_recording(NOW, interval)
    key.last_used_at = NOW
    assert not key.use_worth_recording(NOW + timedelta(seconds=59), interval)
    assert key.use_worth_recording(NOW + interval, interval)
