"""Access tokens from the provider verified with PyJWT: allow-listed algorithms, its keys only."""

from collections.abc import Collection
from typing import Any, Protocol

import jwt
import structlog

from {{ unit.domain }}.errors import InvalidTokenError
from {{ unit.infrastructure }}.signing_keys import Jwk

# nbf is checked when present (Keycloak and Auth0 leave it out); these must be present.
REQUIRED_CLAIMS = ("exp", "iat", "iss", "aud", "sub")
# JOSE "typ" values of access tokens: RFC 9068's "at+jwt", or the untyped "JWT" most providers
# (Keycloak, Auth0, Entra ID) still use. Any other explicit type is another kind of JWT.
ACCESS_TOKEN_TYPES = frozenset({"at+jwt", "jwt"})
# Claims only an ID token carries (OpenID Connect Core 1.0, sections 2, 3.1.3.6, 3.3.2.11).
ID_TOKEN_CLAIMS = ("nonce", "at_hash", "c_hash", "s_hash")

logger = structlog.get_logger(__name__)


class KeyLookup(Protocol):
    async def key(self, kid: str) -> Jwk | None: ...


class OidcTokenVerifier:
    """Checks signature, iss, aud, exp, nbf and iat (with leeway); returns the verified claims.

    Only access tokens pass: a JOSE typ other than "JWT" or RFC 9068's "at+jwt" (a logout
    token, a DPoP proof...), or any but "at+jwt" with ``require_typed``, is refused before any
    key is fetched, and an ID token is refused by its claims.
    """

    def __init__(
        self,
        keys: KeyLookup,
        *,
        issuer: str,
        audience: str,
        algorithms: Collection[str],
        leeway_seconds: float,
        require_typed: bool = False,
    ) -> None:
        self._keys = keys
        # RFC 9068 section 4: where the provider types its access tokens, only those pass.
        self._accepted_types = frozenset({"at+jwt"}) if require_typed else ACCESS_TOKEN_TYPES
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
        token_type = _media_type(header.get("typ", "JWT"))
        if token_type not in self._accepted_types:
            raise _rejected("not_an_access_token")
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
        if _is_id_token(claims):
            raise _rejected("id_token")
        return claims


def _media_type(value: object) -> str:
    """A JOSE typ as RFC 7515 section 4.1.9 compares it: no "application/" prefix, any case."""
    text = str(value).lower()
    return text.removeprefix("application/")


def _is_id_token(claims: dict[str, Any]) -> bool:
    """Whether the claims are an OpenID Connect ID token's rather than an access token's.

    An ID token's aud is the client, so one passes the audience check only where the API's
    audience is also a client id; a claim only ID tokens carry, or Keycloak's ``"typ": "ID"``
    claim, gives it away then.
    """
    if any(name in claims for name in ID_TOKEN_CLAIMS):
        return True
    return str(claims.get("typ", "")).lower() == "id"


def _rejected(reason: Exception | str) -> InvalidTokenError:
    """The error for the caller; the log says why, never what the token was."""
    name = reason if isinstance(reason, str) else type(reason).__name__
    logger.info("oidc_token_rejected", reason=name)
    return InvalidTokenError()
