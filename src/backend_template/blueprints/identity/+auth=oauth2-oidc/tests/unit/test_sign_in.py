"""The docs' sign-in URLs: discovered once, kept; retried while the provider cannot answer."""

import json

import httpx

from {{ unit.infrastructure }}.sign_in import (
    SignInEndpoints,
    SignInUrls,
)
from {{ unit.infrastructure }}.signing_keys import (
    ProviderDocuments,
)

ISSUER = "https://idp.example.com/tenant"


class FlakyProvider:
    """Answers discovery with 503 while ``down``; counts the requests."""

    def __init__(self) -> None:
        self.down = True
        self.requests = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        assert request.url.path == "/tenant/.well-known/openid-configuration"
        if self.down:
            return httpx.Response(503)
        document = {
            "issuer": ISSUER,
            "authorization_endpoint": "https://idp.example.com/oauth/authorize",
            "token_endpoint": "https://idp.example.com/oauth/token",
            "jwks_uri": "https://idp.example.com/keys",
        }
        return httpx.Response(200, content=json.dumps(document).encode())


def endpoints_of(provider: FlakyProvider, **explicit: str) -> SignInEndpoints:
    documents = ProviderDocuments(ISSUER, timeout=1.0, transport=httpx.MockTransport(provider))
    return SignInEndpoints(documents, **explicit)


async def test_discovery_is_retried_until_the_provider_answers_then_kept() -> None:
    provider = FlakyProvider()
    endpoints = endpoints_of(provider)

    assert await endpoints.urls() is None
    provider.down = False
    found = await endpoints.urls()
    assert found == SignInUrls(
        "https://idp.example.com/oauth/authorize", "https://idp.example.com/oauth/token"
    )
    assert await endpoints.urls() == found
    assert provider.requests == 2


async def test_one_explicit_url_is_kept_and_the_other_discovered() -> None:
    provider = FlakyProvider()
    provider.down = False
    endpoints = endpoints_of(provider, token_url="https://proxy.example.com/token")

    assert await endpoints.urls() == SignInUrls(
        "https://idp.example.com/oauth/authorize", "https://proxy.example.com/token"
    )
