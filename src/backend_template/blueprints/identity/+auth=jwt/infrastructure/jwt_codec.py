"""Access tokens as signed JWTs (PyJWT), verified strictly: pinned algorithm, required claims."""

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import jwt

from {{ unit.application }}.tokens import (
    AccessClaims,
    IssuedAccessToken,
)
from {{ unit.domain }}.errors import InvalidTokenError
from {{ unit.domain }}.user import Role
from {{ unit.infrastructure }}.signing_keys import (
    Jwk,
    SigningKeys,
)
from {{ unit.shared }}.auth_settings import (
    ASYMMETRIC_ALGORITHMS,
    VerifyingPublicKey,
)
from {{ unit.shared }}.settings import Settings

# RFC 7518, section 3.2: an HMAC key at least as long as the hash output.
MIN_KEY_BYTES = {"HS256": 32, "HS384": 48, "HS512": 64}
REQUIRED_CLAIMS = ("exp", "iat", "nbf", "sub", "sid", "iss", "aud", "jti", "role")
DEFAULT_LEEWAY = timedelta(seconds=10)


class JwtAccessTokenCodec:
    """Signs with a shared secret (HS*) or a private key (RS*, PS*, ES*); verifies only that.

    With a key pair, every token names its key in the ``kid`` header, and verification uses
    the key of that id among the current and the retired public keys, with the configured
    algorithm only: a token signed with another algorithm or an unknown key is refused.
    """

    def __init__(
        self,
        *,
        key: str,
        algorithm: str,
        issuer: str,
        audience: str,
        ttl: timedelta,
        leeway: timedelta = DEFAULT_LEEWAY,
        previous_public_keys: Sequence[str] = (),
    ) -> None:
        # Exactly one of the two signs: the shared secret (HS*) or the key pair.
        self._secret = ""
        self._keys: SigningKeys | None = None
        if algorithm in MIN_KEY_BYTES:
            minimum = MIN_KEY_BYTES[algorithm]
            if len(key.encode()) < minimum:
                msg = f"a {algorithm} signing key must be at least {minimum} bytes long"
                raise ValueError(msg)
            if previous_public_keys:
                msg = f"{algorithm} signs with a shared secret: it has no previous public keys"
                raise ValueError(msg)
            self._secret = key
        elif algorithm in ASYMMETRIC_ALGORITHMS:
            try:
                self._keys = SigningKeys.load(algorithm, key, previous_public_keys)
            except ValueError as error:
                msg = f"unusable {algorithm} key: {error}"
                raise ValueError(msg) from None
        else:
            choices = ", ".join(sorted({*MIN_KEY_BYTES, *ASYMMETRIC_ALGORITHMS}))
            msg = f"unsupported JWT algorithm {algorithm!r}: choose one of {choices}"
            raise ValueError(msg)
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
            issuer=settings.jwt_token_issuer,
            audience=settings.jwt_audience,
            ttl=timedelta(seconds=settings.access_token_ttl_seconds),
            previous_public_keys=settings.jwt_previous_public_keys,
        )

    def published_keys(self) -> tuple[Jwk, ...]:
        """The public keys that verify tokens, as JWKs: the current one first; none for HS*."""
        return self._keys.published if self._keys is not None else ()

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
        if self._keys is None:
            token = self._jwt.encode(payload, self._secret, algorithm=self._algorithm)
        else:
            token = self._jwt.encode(
                payload,
                self._keys.private_key,
                algorithm=self._algorithm,
                headers={"kid": self._keys.key_id},
            )
        return IssuedAccessToken(token=token, expires_in=expires_in)

    def _verifying_key(self, token: str) -> str | VerifyingPublicKey:
        """The secret, or the public key the token's ``kid`` names; InvalidTokenError if none."""
        if self._keys is None:
            return self._secret
        key_id = jwt.get_unverified_header(token).get("kid")
        key = self._keys.verifying_keys.get(key_id) if isinstance(key_id, str) else None
        if key is None:
            raise InvalidTokenError
        return key

    def verify(self, token: str) -> AccessClaims:
        try:
            payload = self._jwt.decode(
                token,
                self._verifying_key(token),
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
