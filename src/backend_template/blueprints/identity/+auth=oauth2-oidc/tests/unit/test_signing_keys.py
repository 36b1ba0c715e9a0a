"""Discovery and JWKS over real HTTP: what is fetched, and every way the provider can fail."""

import socket
from collections.abc import Iterator

import pytest

from {{ unit.domain }}.errors import (
    IdentityProviderUnavailableError,
)
from {{ unit.infrastructure }}.signing_keys import (
    HttpKeySetSource,
    signing_keys,
)

from tests.oidc_provider import LocalIssuer


@pytest.fixture
def provider() -> Iterator[LocalIssuer]:
    issuer = LocalIssuer()
    issuer.start()
    try:
        yield issuer
    finally:
        issuer.stop()


async def test_discovery_is_read_once_then_the_key_set_each_time(provider: LocalIssuer) -> None:
    source = HttpKeySetSource(provider.issuer, timeout=2.0)

    first = await source.fetch()
    rotated = provider.rotate()
    second = await source.fetch()

    assert set(first) == {provider.keys[0].kid}
    assert set(second) == {provider.keys[0].kid, rotated.kid}
    assert (provider.discovery_requests, provider.jwks_requests) == (1, 2)


async def test_a_discovery_document_naming_another_issuer_is_refused(
    provider: LocalIssuer,
) -> None:
    source = HttpKeySetSource(provider.realm_url("impostor"), timeout=2.0)

    with pytest.raises(IdentityProviderUnavailableError):
        await source.fetch()
    assert provider.jwks_requests == 0


@pytest.mark.parametrize("realm", ["keyless", "huge"])
async def test_a_discovery_without_jwks_uri_or_an_oversized_key_set_is_refused(
    provider: LocalIssuer, realm: str
) -> None:
    with pytest.raises(IdentityProviderUnavailableError):
        await HttpKeySetSource(provider.realm_url(realm), timeout=2.0).fetch()


async def test_a_failing_provider_is_unavailable(provider: LocalIssuer) -> None:
    with pytest.raises(IdentityProviderUnavailableError) as error:
        await HttpKeySetSource(provider.realm_url("broken"), timeout=2.0).fetch()
    assert error.value.code == "unavailable"


async def test_an_unreachable_provider_is_unavailable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    source = HttpKeySetSource(f"http://127.0.0.1:{port}/realms/gone", timeout=2.0)

    with pytest.raises(IdentityProviderUnavailableError):
        await source.fetch()


async def test_a_provider_that_never_answers_times_out() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        source = HttpKeySetSource(f"http://127.0.0.1:{port}/realms/slow", timeout=0.2)

        with pytest.raises(IdentityProviderUnavailableError):
            await source.fetch()


def test_only_public_signing_keys_with_an_id_are_kept() -> None:
    document = {
        "keys": [
            {"kid": "rsa", "kty": "RSA", "use": "sig"},
            {"kid": "ec", "kty": "EC"},
            {"kid": "secret", "kty": "oct", "k": "c2VjcmV0"},
            {"kid": "encryption", "kty": "RSA", "use": "enc"},
            {"kty": "RSA"},
            "not-a-key",
        ]
    }

    assert set(signing_keys(document)) == {"rsa", "ec"}


@pytest.mark.parametrize("document", [None, [], {"keys": "all"}, {"no": "keys"}])
def test_a_document_without_a_key_list_is_refused(document: object) -> None:
    with pytest.raises(TypeError):
        signing_keys(document)
