"""An API key as stored: its public key id, a hash of the whole key, its scopes and lifetime."""

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from {{ unit.domain }}.errors import (
    ApiKeyRevokedError,
    InvalidExpiryError,
    InvalidKeyNameError,
    InvalidScopeError,
)

MAX_NAME_LENGTH = 100
MAX_SCOPES = 32
# "*" (everything), "<context>:<action>", with "*" standing for any context or any action.
SCOPE_PATTERN = re.compile(r"\*|(\*|[a-z][a-z0-9_]{0,31}):(\*|[a-z][a-z0-9_-]{0,31})")


def normalise_name(raw: str) -> str:
    name = raw.strip()
    if not name:
        msg = "it must not be blank"
        raise InvalidKeyNameError(msg)
    if len(name) > MAX_NAME_LENGTH:
        msg = f"use at most {MAX_NAME_LENGTH} characters"
        raise InvalidKeyNameError(msg)
    return name


def normalise_scopes(raw: Iterable[str]) -> frozenset[str]:
    """The distinct scopes, each of a known shape; at least one and at most MAX_SCOPES."""
    scopes = frozenset(scope.strip() for scope in raw)
    if not scopes:
        msg = "give the key at least one scope"
        raise InvalidScopeError(msg)
    if len(scopes) > MAX_SCOPES:
        msg = f"give the key at most {MAX_SCOPES} scopes"
        raise InvalidScopeError(msg)
    invalid = sorted(scope for scope in scopes if not SCOPE_PATTERN.fullmatch(scope))
    if invalid:
        msg = "use '*' or '<context>:<action>', e.g. 'catalog:read', 'catalog:*', '*:read'"
        raise InvalidScopeError(msg, invalid)
    return scopes


@dataclass
class ApiKey:
    id: uuid.UUID
    key_id: str
    name: str
    scopes: frozenset[str]
    key_hash: str = field(repr=False)
    created_at: datetime
    expires_at: datetime | None = None
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None
    version: int = 1

    @classmethod
    def issue(
        cls,
        *,
        id: uuid.UUID,
        key_id: str,
        key_hash: str,
        name: str,
        scopes: Iterable[str],
        now: datetime,
        expires_at: datetime | None = None,
    ) -> "ApiKey":
        if expires_at is not None and expires_at <= now:
            raise InvalidExpiryError
        return cls(
            id=id,
            key_id=key_id,
            name=normalise_name(name),
            scopes=normalise_scopes(scopes),
            key_hash=key_hash,
            created_at=now,
            expires_at=expires_at,
        )

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, now: datetime) -> bool:
        return self.expires_at is not None and now >= self.expires_at

    def is_usable(self, now: datetime) -> bool:
        """Only a key neither revoked nor expired authenticates anyone."""
        return not self.is_revoked and not self.is_expired(now)

    def revoke(self, now: datetime) -> bool:
        """Revoke the key for good; False when it already was."""
        if self.is_revoked:
            return False
        self.revoked_at = now
        return True

    def rotate(
        self,
        *,
        id: uuid.UUID,
        key_id: str,
        key_hash: str,
        now: datetime,
        expires_at: datetime | None = None,
    ) -> "ApiKey":
        """The successor (same name and scopes, new secret); this key is revoked.

        The successor keeps this key's expiry unless ``expires_at`` gives a new one.
        """
        if self.is_revoked:
            raise ApiKeyRevokedError
        successor = ApiKey.issue(
            id=id,
            key_id=key_id,
            key_hash=key_hash,
            name=self.name,
            scopes=self.scopes,
            now=now,
            expires_at=expires_at or self.expires_at,
        )
        self.revoke(now)
        return successor

    def use_worth_recording(self, now: datetime, interval: timedelta) -> bool:
        """Whether the last-used time is older than ``interval`` (writes are throttled)."""
        return self.last_used_at is None or now - self.last_used_at >= interval
