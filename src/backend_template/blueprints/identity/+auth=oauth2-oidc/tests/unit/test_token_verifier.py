"""The verifier against a local provider over real HTTP: what it accepts, and all it refuses."""

import base64
import json
import time
from collections.abc import Iterator
from typing import Any

import jwt
import pytest

from {{ unit.domain }}.errors import InvalidTokenError
from {{ unit.infrastructure }}.key_cache import CachedKeySet
from {{ unit.infrastructure }}.signing_keys import (
    HttpKeySetSource,
)
from {{ unit.infrastructure }}.token_verifier import (
    OidcTokenVerifier,
)

from tests.oidc_provider import AUDIENCE, LocalIssuer, SigningKey

LEEWAY = 30


@pytest.fixture
def provider() -> Iterator[LocalIssuer]:
    issuer = LocalIssuer()
    issuer.start()
    try:
        yield issuer
    finally:
        issuer.stop()


def verifier_for(
    provider: LocalIssuer,
    algorithms: tuple[str, ...] = ("RS256",),
    *,
    require_typed: bool = False,
) -> OidcTokenVerifier:
    keys = CachedKeySet(
        HttpKeySetSource(provider.issuer, timeout=2.0), ttl=600, min_refresh_interval=30
    )
    return OidcTokenVerifier(
        keys,
        issuer=provider.issuer,
        audience=AUDIENCE,
        algorithms=algorithms,
        leeway_seconds=LEEWAY,
        require_typed=require_typed,
    )


def segment(part: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode()


async def refused(verifier: OidcTokenVerifier, token: str) -> None:
    with pytest.raises(InvalidTokenError) as error:
        await verifier.verify(token)
    assert error.value.code == "unauthenticated"
    assert error.value.message == "The token is invalid or has expired."


async def test_a_token_of_the_provider_is_verified_and_its_claims_returned(
    provider: LocalIssuer,
) -> None:
    token = provider.mint(roles=["admin"], claims={"sub": "alice"})

    claims = await verifier_for(provider).verify(token)

    assert (claims["sub"], claims["roles"], claims["iss"]) == ("alice", ["admin"], provider.issuer)


async def test_an_audience_list_containing_ours_is_accepted(provider: LocalIssuer) -> None:
    token = provider.mint(claims={"aud": ["account", AUDIENCE]})

    assert (await verifier_for(provider).verify(token))["aud"] == ["account", AUDIENCE]


async def test_es256_is_accepted_only_when_allowed(provider: LocalIssuer) -> None:
    ec_key = provider.rotate("ES256")
    token = provider.mint(key=ec_key)

    assert (await verifier_for(provider, ("RS256", "ES256")).verify(token))["sub"]
    await refused(verifier_for(provider, ("RS256",)), token)


async def test_an_unsigned_alg_none_token_is_refused(provider: LocalIssuer) -> None:
    header = {"alg": "none", "typ": "JWT", "kid": provider.current.kid}
    token = f"{segment(header)}.{segment(provider.claims(roles=['admin']))}."

    await refused(verifier_for(provider), token)


async def test_a_token_signed_by_another_key_under_a_published_kid_is_refused(
    provider: LocalIssuer,
) -> None:
    token = provider.mint(key=SigningKey.generate(), kid=provider.current.kid)

    await refused(verifier_for(provider), token)


async def test_a_token_signed_by_another_key_under_an_unknown_kid_is_refused(
    provider: LocalIssuer,
) -> None:
    await refused(verifier_for(provider), provider.mint(key=SigningKey.generate()))


async def test_an_hs256_token_keyed_with_the_public_key_is_refused(provider: LocalIssuer) -> None:
    """RS/HS confusion: even with HS256 allowed the public key is never an HMAC secret."""
    pem_token = provider.forge_hmac(provider.current.public_pem())
    jwk_token = provider.forge_hmac(json.dumps(provider.current.public_jwk()).encode())

    for token in (pem_token, jwk_token):
        await refused(verifier_for(provider), token)
        await refused(verifier_for(provider, ("RS256", "HS256")), token)


async def test_a_key_published_for_another_algorithm_is_refused(provider: LocalIssuer) -> None:
    """The RSA key is published for RS256: a PS256 signature with it is refused."""
    current = provider.current
    token = jwt.encode(
        provider.claims(), current.private_key, algorithm="PS256", headers={"kid": current.kid}
    )

    await refused(verifier_for(provider, ("RS256", "PS256")), token)


@pytest.mark.parametrize(
    "claims",
    [
        pytest.param({"exp": -LEEWAY - 5}, id="expired"),
        pytest.param({"nbf": LEEWAY + 60}, id="not-yet-valid"),
        pytest.param({"iat": LEEWAY + 60}, id="issued-in-the-future"),
        pytest.param({"iss": "https://evil.example/realms/tests"}, id="wrong-issuer"),
        pytest.param({"aud": "another-api"}, id="wrong-audience"),
        pytest.param({"aud": ["another-api", "account"]}, id="wrong-audiences"),
        pytest.param({"sub": ""}, id="empty-subject"),
        pytest.param({"sub": 42}, id="numeric-subject"),
    ],
)
async def test_claims_out_of_bounds_are_refused(
    provider: LocalIssuer, claims: dict[str, Any]
) -> None:
    """Times are given relative to now, so they hold whenever the test runs."""
    now = int(time.time())
    relative = {"exp", "nbf", "iat"}
    claims = {name: now + value if name in relative else value for name, value in claims.items()}

    await refused(verifier_for(provider), provider.mint(claims=claims))


@pytest.mark.parametrize("claim", ["exp", "iat", "iss", "aud", "sub"])
async def test_a_token_missing_a_required_claim_is_refused(
    provider: LocalIssuer, claim: str
) -> None:
    await refused(verifier_for(provider), provider.mint(drop=[claim]))


async def test_expiry_within_the_leeway_is_tolerated(provider: LocalIssuer) -> None:
    token = provider.mint(claims={"exp": int(time.time()) - LEEWAY // 2})

    assert (await verifier_for(provider).verify(token))["sub"]


async def test_a_tampered_payload_is_refused(provider: LocalIssuer) -> None:
    header, _, signature = provider.mint(roles=["user"]).split(".")
    forged = f"{header}.{segment(provider.claims(roles=['admin']))}.{signature}"

    await refused(verifier_for(provider), forged)


@pytest.mark.parametrize("token", ["", "not.a.token", "abc", "a.b.c.d", "e30.e30.e30"])
async def test_garbage_is_refused(provider: LocalIssuer, token: str) -> None:
    await refused(verifier_for(provider), token)


async def test_a_token_without_a_key_id_is_refused(provider: LocalIssuer) -> None:
    token = jwt.encode(provider.claims(), provider.current.private_key, algorithm="RS256")

    await refused(verifier_for(provider), token)


async def test_an_unknown_kid_refreshes_once_and_accepts_the_rotated_key(
    provider: LocalIssuer,
) -> None:
    clock = [0.0]
    keys = CachedKeySet(
        HttpKeySetSource(provider.issuer, timeout=2.0),
        ttl=600,
        min_refresh_interval=30,
        monotonic=lambda: clock[0],
    )
    verifier = OidcTokenVerifier(
        keys, issuer=provider.issuer, audience=AUDIENCE, algorithms=["RS256"], leeway_seconds=0
    )
    await verifier.verify(provider.mint())
    rotated = provider.rotate()
    clock[0] += 30

    await verifier.verify(provider.mint(key=rotated))
    for _ in range(25):
        await refused(verifier, provider.mint(key=SigningKey.generate()))

    assert provider.jwks_requests == 2
    assert provider.discovery_requests == 1


@pytest.mark.parametrize("token_type", ["at+jwt", "application/at+jwt", "JWT", "jwt", None])
async def test_access_token_types_are_accepted(
    provider: LocalIssuer, token_type: str | None
) -> None:
    token = provider.mint(headers={"typ": token_type})  # None: no typ header at all
    assert ("typ" in jwt.get_unverified_header(token)) is (token_type is not None)
    assert (await verifier_for(provider).verify(token))["aud"] == AUDIENCE


@pytest.mark.parametrize("token_type", ["logout+jwt", "dpop+jwt", "secevent+jwt", "JOSE"])
async def test_other_kinds_of_jwt_are_refused(provider: LocalIssuer, token_type: str) -> None:
    await refused(verifier_for(provider), provider.mint(headers={"typ": token_type}))


@pytest.mark.parametrize(
    "claims",
    [
        {"nonce": "n-0S6_WzA2Mj"},
        {"at_hash": "77QmUPtjPfzWtF2AnpK9RQ"},
        {"c_hash": "LDktKdoQak3Pk0cnXxCltA"},
        {"s_hash": "LDktKdoQak3Pk0cnXxCltA"},
        {"typ": "ID"},
    ],
    ids=["nonce", "at_hash", "c_hash", "s_hash", "keycloak-typ-id"],
)
async def test_an_id_token_is_refused_even_for_our_audience(
    provider: LocalIssuer, claims: dict[str, Any]
) -> None:
    await refused(verifier_for(provider), provider.mint(claims=claims))
    await refused(verifier_for(provider), provider.mint(claims=claims, headers={"typ": "JWT"}))


async def test_a_keycloak_access_token_typed_bearer_is_accepted(provider: LocalIssuer) -> None:
    token = provider.mint(claims={"typ": "Bearer", "azp": "web", "sid": "s-1"})
    assert (await verifier_for(provider).verify(token))["typ"] == "Bearer"


async def test_only_rfc_9068_access_tokens_pass_when_typed_tokens_are_required(
    provider: LocalIssuer,
) -> None:
    verifier = verifier_for(provider, require_typed=True)

    assert (await verifier.verify(provider.mint(headers={"typ": "at+jwt"})))["aud"] == AUDIENCE
    await refused(verifier, provider.mint(headers={"typ": None}))
    await refused(verifier, provider.mint(headers={"typ": "JWT"}))
