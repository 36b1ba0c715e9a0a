"""Access tokens as signed JWTs (PyJWT), verified strictly: pinned algorithm, required claims."""

import uuid
from datetime import datetime, timedelta
from typing import Any

import jwt

from {{ unit.application }}.tokens import (
    AccessClaims,
    IssuedAccessToken,
)
from {{ unit.domain }}.errors import InvalidTokenError
from {{ unit.domain }}.user import Role
from {{ unit.shared }}.settings import Settings

# RFC 7518, section 3.2: an HMAC key at least as long as the hash output.
MIN_KEY_BYTES = {"HS256": 32, "HS384": 48, "HS512": 64}
REQUIRED_CLAIMS = ("exp", "iat", "nbf", "sub", "sid", "iss", "aud", "jti", "role")
DEFAULT_LEEWAY = timedelta(seconds=10)


class JwtAccessTokenCodec:
    """Signs with one shared secret; the verifier accepts only the configured algorithm."""

    def __init__(
        self,
        *,
        key: str,
        algorithm: str,
        issuer: str,
        audience: str,
        ttl: timedelta,
        leeway: timedelta = DEFAULT_LEEWAY,
    ) -> None:
        if algorithm not in MIN_KEY_BYTES:
            choices = ", ".join(sorted(MIN_KEY_BYTES))
            msg = f"unsupported JWT algorithm {algorithm!r}: choose one of {choices}"
            raise ValueError(msg)
        minimum = MIN_KEY_BYTES[algorithm]
        if len(key.encode()) < minimum:
            msg = f"a {algorithm} signing key must be at least {minimum} bytes long"
            raise ValueError(msg)
        self._key = key
        self._algorithm = algorithm
        self._issuer = issuer
        self._audience = audience
        self._ttl = ttl
        self._leeway = leeway
        self._jwt = jwt.PyJWT(options={"enforce_minimum_key_length": True, "strict_aud": True})

    @classmethod
    def from_settings(cls, settings: Settings) -> "JwtAccessTokenCodec":
        return cls(
            key=settings.jwt_signing_key(),
            algorithm=settings.jwt_algorithm,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            ttl=timedelta(seconds=settings.access_token_ttl_seconds),
        )

    def issue(
        self,
        *,
        user_id: uuid.UUID,
        role: Role,
        session_id: uuid.UUID,
        now: datetime,
    ) -> IssuedAccessToken:
        issued_at = int(now.timestamp())
        expires_in = int(self._ttl.total_seconds())
        payload: dict[str, Any] = {
            "sub": str(user_id),
            "sid": str(session_id),
            "role": role.value,
            "roles": [role.value],
            "iat": issued_at,
            "nbf": issued_at,
            "exp": issued_at + expires_in,
            "iss": self._issuer,
            "aud": self._audience,
            "jti": uuid.uuid4().hex,
        }
        token = self._jwt.encode(payload, self._key, algorithm=self._algorithm)
        return IssuedAccessToken(token=token, expires_in=expires_in)

    def verify(self, token: str) -> AccessClaims:
        try:
            payload = self._jwt.decode(
                token,
                self._key,
                algorithms=[self._algorithm],
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": list(REQUIRED_CLAIMS)},
            )
            return AccessClaims(
                user_id=uuid.UUID(payload["sub"]),
                session_id=uuid.UUID(str(payload["sid"])),
                role=str(payload["role"]),
                token_id=str(payload["jti"]),
            )
        except (jwt.PyJWTError, ValueError, TypeError) as error:
            raise InvalidTokenError from error
