"""What signing in and refreshing return: the tokens of a session, shown to the caller once."""

import uuid
from dataclasses import dataclass, field
from typing import Literal


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
