"""Public endpoints through which other services find the keys that verify this service's tokens.

``/.well-known/openid-configuration`` (OpenID Connect Discovery 1.0, RFC 8414) names the issuer
and the ``jwks_uri``; ``/.well-known/jwks.json`` (RFC 7517) lists the public keys. A resource
server configured with this service's issuer URL verifies access tokens offline with them.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

DISCOVERY_PATH = "/.well-known/openid-configuration"
JWKS_PATH = "/.well-known/jwks.json"
# Verifiers refetch the key set when a token names an unknown key id, so a rotation is seen
# at once; the cache only spares this service the steady polling.
PUBLIC_CACHE = {"Cache-Control": "public, max-age=300"}
ISSUED_CLAIMS = ("sub", "iss", "aud", "exp", "iat", "nbf", "jti", "sid", "role", "roles")


@dataclass(frozen=True)
class TokenIssuer:
    """What this service publishes about the access tokens it signs."""

    issuer: str
    algorithm: str
    keys: Sequence[Mapping[str, str]]
    token_path: str
    public_url: str | None = None


class JwksOut(BaseModel):
    """A JSON Web Key Set: the public keys, current first; empty for shared-secret tokens."""

    keys: list[dict[str, str]]


class DiscoveryOut(BaseModel):
    """The provider metadata a resource server reads to find the issuer's keys."""

    issuer: str
    jwks_uri: str
    token_endpoint: str
    grant_types_supported: list[str]
    response_types_supported: list[str]
    subject_types_supported: list[str]
    id_token_signing_alg_values_supported: list[str]
    token_endpoint_auth_methods_supported: list[str]
    claims_supported: list[str]


def build_well_known_router(token_issuer: TokenIssuer) -> APIRouter:
    router = APIRouter(tags=["discovery"])
    jwks = JwksOut(keys=[dict(key) for key in token_issuer.keys])

    def base_url(request: Request) -> str:
        """The public issuer URL when configured, else the URL this request reached."""
        return (token_issuer.public_url or str(request.base_url)).rstrip("/")

    @router.get(JWKS_PATH)
    async def key_set(response: Response) -> JwksOut:
        """The public keys that verify this service's access tokens (JWKS)."""
        response.headers.update(PUBLIC_CACHE)
        return jwks

    @router.get(DISCOVERY_PATH)
    async def discovery(request: Request, response: Response) -> DiscoveryOut:
        """Where this issuer's keys and token endpoint are, for services that verify its tokens."""
        base = base_url(request)
        response.headers.update(PUBLIC_CACHE)
        return DiscoveryOut(
            issuer=token_issuer.issuer,
            jwks_uri=f"{base}{JWKS_PATH}",
            token_endpoint=f"{base}{token_issuer.token_path}",
            grant_types_supported=["password", "refresh_token"],
            response_types_supported=["token"],
            subject_types_supported=["public"],
            id_token_signing_alg_values_supported=[token_issuer.algorithm],
            token_endpoint_auth_methods_supported=["none"],
            claims_supported=list(ISSUED_CLAIMS),
        )

    return router
