"""A fast stand-in for the access token codec."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from {{ unit.application }}.tokens import (
    AccessClaims,
    IssuedAccessToken,
)
from {{ unit.domain }}.errors import InvalidTokenError
from {{ unit.domain }}.user import Role


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
