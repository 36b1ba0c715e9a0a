"""What the identity use cases return: plain data, never a password hash."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from {{ unit.domain }}.user import Role, User


@dataclass(frozen=True)
class UserView:
    id: uuid.UUID
    email: str
    role: Role
    is_active: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, user: User) -> "UserView":
        return cls(
            id=user.id,
            email=user.email,
            role=user.role,
            is_active=user.is_active,
            created_at=user.created_at,
            updated_at=user.updated_at,
        )


@dataclass(frozen=True)
class IssuedAccessToken:
    token: str = field(repr=False)
    expires_in: int


@dataclass(frozen=True)
class AccessClaims:
    """The verified content of an access token."""

    user_id: uuid.UUID
    session_id: uuid.UUID
    role: str
    token_id: str


@dataclass(frozen=True)
class TokenPair:
    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_in: int

    @property
    def token_type(self) -> Literal["bearer"]:
        return "bearer"
