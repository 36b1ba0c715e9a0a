"""The provider's signing keys: OIDC discovery, then its JWKS, fetched over HTTP with httpx."""

import json
from collections.abc import Mapping
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpx
import structlog

from {{ unit.domain }}.errors import (
    IdentityProviderUnavailableError,
)

Jwk = Mapping[str, Any]

# Public-key types only: an "oct" (shared secret) key in a key set is never used to verify.
SIGNING_KEY_TYPES = frozenset({"RSA", "EC", "OKP"})
MAX_DOCUMENT_BYTES = 512 * 1024

logger = structlog.get_logger(__name__)


class KeySetSource(Protocol):
    async def fetch(self) -> dict[str, Jwk]:
        """The provider's current signing keys by key id; raises when it cannot be reached."""
        ...


def signing_keys(document: object) -> dict[str, Jwk]:
    """The usable public signing keys of a JWKS document, by key id."""
    entries = document.get("keys") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        msg = "the JWKS document has no keys list"
        raise TypeError(msg)
    keys: dict[str, Jwk] = {}
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        kid, kty, use = entry.get("kid"), entry.get("kty"), entry.get("use", "sig")
        if isinstance(kid, str) and kid and kty in SIGNING_KEY_TYPES and use == "sig":
            keys[kid] = entry
    return keys


class HttpKeySetSource:
    """Reads ``jwks_uri`` from the issuer's discovery document once, then the key set each time."""

    def __init__(
        self,
        issuer: str,
        *,
        timeout: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._issuer = issuer
        self._discovery_url = issuer.rstrip("/") + "/.well-known/openid-configuration"
        self._timeout = timeout
        self._transport = transport
        self._jwks_uri: str | None = None

    async def fetch(self) -> dict[str, Jwk]:
        try:
            async with httpx.AsyncClient(
                timeout=self._timeout, follow_redirects=False, transport=self._transport
            ) as http:
                jwks_uri = self._jwks_uri or await self._discover(http)
                keys = signing_keys(await _get_json(http, jwks_uri))
        except (httpx.HTTPError, ValueError, TypeError) as error:
            # The reason without the response: nothing the provider sent ends up in the logs.
            logger.warning(
                "oidc_keys_unavailable", issuer=self._issuer, reason=type(error).__name__
            )
            raise IdentityProviderUnavailableError from None
        self._jwks_uri = jwks_uri
        return keys

    async def _discover(self, http: httpx.AsyncClient) -> str:
        document = await _get_json(http, self._discovery_url)
        if not isinstance(document, dict) or document.get("issuer") != self._issuer:
            # OIDC Discovery 1.0, section 4.3: the document must name the issuer it was fetched for.
            msg = "the discovery document names another issuer"
            raise ValueError(msg)
        jwks_uri = document.get("jwks_uri")
        if not isinstance(jwks_uri, str) or not jwks_uri:
            msg = "the discovery document has no jwks_uri"
            raise ValueError(msg)
        if urlsplit(self._issuer).scheme == "https" and urlsplit(jwks_uri).scheme != "https":
            msg = "an https issuer published a jwks_uri that is not https"
            raise ValueError(msg)
        return jwks_uri


async def _get_json(http: httpx.AsyncClient, url: str) -> object:
    async with http.stream("GET", url, headers={"Accept": "application/json"}) as response:
        response.raise_for_status()
        body = bytearray()
        async for chunk in response.aiter_bytes():
            body.extend(chunk)
            if len(body) > MAX_DOCUMENT_BYTES:
                msg = "the provider's document is too large"
                raise ValueError(msg)
    document: object = json.loads(bytes(body))
    return document
