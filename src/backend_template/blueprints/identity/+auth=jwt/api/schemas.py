"""Request and response bodies of the identity api; no schema carries a password hash."""

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, SecretStr

from {{ unit.application }}.dto import TokenPair, UserView
from {{ unit.domain }}.credentials import (
    MAX_EMAIL_LENGTH,
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
)
from {{ unit.domain }}.user import Role

REFRESH_TOKEN_MAX_LENGTH = 256


class RegisterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: EmailStr = Field(max_length=MAX_EMAIL_LENGTH)
    password: SecretStr = Field(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH)


class RefreshTokenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: SecretStr = Field(min_length=1, max_length=REFRESH_TOKEN_MAX_LENGTH)


class RoleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Role


class StatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    active: bool = Field(description="False deactivates the account and ends all its sessions.")


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    role: Role
    is_active: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, user: UserView) -> "UserOut":
        return cls.model_validate(user)


class TokenOut(BaseModel):
    """An OAuth2 token response (RFC 6749, section 5.1) with a rotating refresh token."""

    access_token: str
    refresh_token: str
    token_type: Literal["bearer"]
    expires_in: int = Field(description="Seconds until the access token expires.")

    @classmethod
    def of(cls, tokens: TokenPair) -> "TokenOut":
        return cls(
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            token_type=tokens.token_type,
            expires_in=tokens.expires_in,
        )
