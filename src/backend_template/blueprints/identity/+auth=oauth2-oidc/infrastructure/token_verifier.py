"""Access tokens from the provider verified with PyJWT: allow-listed algorithms, its keys only."""

from collections.abc import Collection
from typing import Any, Protocol

import jwt
import structlog

from {{ unit.domain }}.errors import InvalidTokenError
from {{ unit.infrastructure }}.signing_keys import Jwk

# nbf is checked when present (Keycloak and Auth0 leave it out); these must be present.
REQUIRED_CLAIMS = ("exp", "iat", "iss", "aud", "sub")

logger = structlog.get_logger(__name__)


class KeyLookup(Protocol):
    async def key(self, kid: str) -> Jwk | None: ...


class OidcTokenVerifier:
    """Checks signature, iss, aud, exp, nbf and iat (with leeway); returns the verified claims."""

    def __init__(
        self,
        keys: KeyLookup,
        *,
        issuer: str,
        audience: str,
        algorithms: Collection[str],
        leeway_seconds: float,
    ) -> None:
        self._keys = keys
        self._issuer = issuer
        self._audience = audience
        self._algorithms = frozenset(algorithms)
        self._leeway = leeway_seconds
        self._jwt = jwt.PyJWT(options={"enforce_minimum_key_length": True})

    async def verify(self, token: str) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise _rejected(error) from None
        algorithm, kid = header.get("alg"), header.get("kid")
        if algorithm not in self._algorithms:
            raise _rejected("algorithm_not_allowed")
        if not isinstance(kid, str) or not kid:
            raise _rejected("no_key_id")
        jwk = await self._keys.key(kid)
        if jwk is None:
            raise _rejected("unknown_key_id")
        if jwk.get("alg", algorithm) != algorithm:
            raise _rejected("algorithm_not_of_key")
        try:
            key = jwt.PyJWK(dict(jwk), algorithm=str(algorithm))
            claims: dict[str, Any] = self._jwt.decode(
                token,
                key,
                algorithms=[str(algorithm)],
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": list(REQUIRED_CLAIMS)},
            )
        except (jwt.PyJWTError, ValueError, TypeError) as error:
            raise _rejected(error) from None
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject:
            raise _rejected("no_subject")
        return claims


def _rejected(reason: Exception | str) -> InvalidTokenError:
    """The error for the caller; the log says why, never what the token was."""
    name = reason if isinstance(reason, str) else type(reason).__name__
    logger.info("oidc_token_rejected", reason=name)
    return InvalidTokenError()
