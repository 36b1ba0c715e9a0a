"""Fast stand-ins for the password hasher, the token codec and the clock."""

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from {{ unit.application }}.dto import (
    AccessClaims,
    IssuedAccessToken,
)
from {{ unit.domain }}.errors import InvalidTokenError
from {{ unit.domain }}.user import Role


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2025, 1, 1, 12, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)


@dataclass
class FakePasswordHasher:
    """Digests tagged with a scheme version; bump ``version`` to make old hashes need a rehash."""

    version: int = 1
    dummy_verifications: int = 0
    verifications: int = 0

    async def hash(self, password: str) -> str:
        return f"fake-v{self.version}${hashlib.sha256(password.encode()).hexdigest()}"

    async def verify(self, password: str, password_hash: str) -> bool:
        self.verifications += 1
        return self._matches(password, password_hash)

    async def verify_dummy(self, password: str) -> None:
        self.dummy_verifications += 1
        self._matches(password, "fake-v0$")

    def needs_rehash(self, password_hash: str) -> bool:
        return not password_hash.startswith(f"fake-v{self.version}$")

    @staticmethod
    def _matches(password: str, password_hash: str) -> bool:
        return password_hash.partition("$")[2] == hashlib.sha256(password.encode()).hexdigest()


@dataclass
class FakeAccessTokenCodec:
    """Opaque numbered tokens that remember their claims; ``expire`` makes one stop verifying."""

    expires_in: int = 900
    issued: dict[str, AccessClaims] = field(default_factory=dict)
    issued_at: dict[str, datetime] = field(default_factory=dict)
    expired: set[str] = field(default_factory=set)

    def issue(
        self,
        *,
        user_id: uuid.UUID,
        role: Role,
        session_id: uuid.UUID,
        now: datetime,
    ) -> IssuedAccessToken:
        token = f"access-{len(self.issued) + 1}"
        self.issued[token] = AccessClaims(
            user_id=user_id,
            session_id=session_id,
            role=role.value,
            token_id=token,
        )
        self.issued_at[token] = now
        return IssuedAccessToken(token=token, expires_in=self.expires_in)

    def verify(self, token: str) -> AccessClaims:
        claims = self.issued.get(token)
        if claims is None or token in self.expired:
            raise InvalidTokenError
        return claims

    def expire(self, token: str) -> None:
        self.expired.add(token)
