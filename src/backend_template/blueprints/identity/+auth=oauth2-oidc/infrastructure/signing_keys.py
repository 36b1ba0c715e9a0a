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


class ProviderDocuments:
    """The issuer's discovery document (fetched once, then kept) and the documents it names."""

    def __init__(
        self,
        issuer: str,
        *,
        timeout: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.issuer = issuer
        self._discovery_url = issuer.rstrip("/") + "/.well-known/openid-configuration"
        self._timeout = timeout
        self._transport = transport
        self._discovered: dict[str, Any] | None = None

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            timeout=self._timeout, follow_redirects=False, transport=self._transport
        )

    async def discovery(self, http: httpx.AsyncClient) -> dict[str, Any]:
        if self._discovered is None:
            document = await get_json(http, self._discovery_url)
            if not isinstance(document, dict) or document.get("issuer") != self.issuer:
                # OIDC Discovery 1.0, section 4.3: the document names the issuer it is for.
                msg = "the discovery document names another issuer"
                raise ValueError(msg)
            self._discovered = document
        return self._discovered

    async def endpoint(self, http: httpx.AsyncClient, name: str) -> str:
        """An endpoint URL the discovery document names (https when the issuer is)."""
        url = (await self.discovery(http)).get(name)
        if not isinstance(url, str) or not url:
            msg = f"the discovery document has no {name}"
            raise ValueError(msg)
        if urlsplit(self.issuer).scheme == "https" and urlsplit(url).scheme != "https":
            msg = f"an https issuer published a {name} that is not https"
            raise ValueError(msg)
        return url


# What fetching a provider document may raise, beside a timeout or a refused connection: an
# error status, a body too large, not JSON, or without what it must name.
FETCH_ERRORS = (httpx.HTTPError, ValueError, TypeError)


class HttpKeySetSource:
    """Reads ``jwks_uri`` from the issuer's discovery document once, then the key set each time."""

    def __init__(
        self,
        issuer: str,
        *,
        timeout: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._documents = ProviderDocuments(issuer, timeout=timeout, transport=transport)

    async def fetch(self) -> dict[str, Jwk]:
        try:
            async with self._documents.client() as http:
                jwks_uri = await self._documents.endpoint(http, "jwks_uri")
                return signing_keys(await get_json(http, jwks_uri))
        except FETCH_ERRORS as error:
            # The reason without the response: nothing the provider sent ends up in the logs.
            logger.warning(
                "oidc_keys_unavailable",
                issuer=self._documents.issuer,
                reason=type(error).__name__,
            )
            raise IdentityProviderUnavailableError from None


async def get_json(http: httpx.AsyncClient, url: str) -> object:
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
