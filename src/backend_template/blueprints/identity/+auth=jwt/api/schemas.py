"""Request and response bodies of the token endpoints; tokens are shown once, never logged."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from {{ unit.application }}.tokens import TokenPair
from {{ unit.shared }}.text import StorableText

REFRESH_TOKEN_MAX_LENGTH = 256


class PasswordGrantForm(BaseModel):
    """The OAuth2 password grant (RFC 6749, section 4.3.2); the email goes in ``username``."""

    grant_type: Literal["password"] | None = None
    username: StorableText = Field(min_length=1)
    password: str = Field(min_length=1)


class RefreshTokenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: SecretStr = Field(min_length=1, max_length=REFRESH_TOKEN_MAX_LENGTH)


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
