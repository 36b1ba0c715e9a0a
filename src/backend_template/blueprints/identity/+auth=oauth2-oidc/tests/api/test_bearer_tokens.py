"""Tokens through the app: the provider's are accepted, every forgery is a plain 401."""

import asyncio
import base64
import json
import logging
import socket
import time
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from {{ unit.package }}.main import create_app
from {{ unit.shared }}.settings import Settings

from tests.oidc_provider import LocalIssuer, SigningKey

ME = "/api/v1/identity/me"
INVALID = "The token is invalid or has expired."


def segment(part: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode()


def unsigned(issuer: LocalIssuer) -> str:
    header = {"alg": "none", "typ": "JWT", "kid": issuer.current.kid}
    return f"{segment(header)}.{segment(issuer.claims(roles=['admin']))}."


def tampered(issuer: LocalIssuer) -> str:
    header, _, signature = issuer.mint(roles=["user"]).split(".")
    return f"{header}.{segment(issuer.claims(roles=['admin']))}.{signature}"


FORGERIES: dict[str, Callable[[LocalIssuer], str]] = {
    "alg-none": unsigned,
    "other-key-same-kid": lambda i: i.mint(key=SigningKey.generate(), kid=i.current.kid),
    "other-key-unknown-kid": lambda i: i.mint(key=SigningKey.generate()),
    "hs256-keyed-with-the-public-key": lambda i: i.forge_hmac(i.current.public_pem()),
    "expired": lambda i: i.mint(claims={"exp": int(time.time()) - 3600}),
    "not-yet-valid": lambda i: i.mint(claims={"nbf": int(time.time()) + 3600}),
    "wrong-issuer": lambda i: i.mint(claims={"iss": "https://evil.example/realms/tests"}),
    "wrong-audience": lambda i: i.mint(claims={"aud": "another-api"}),
    "tampered-payload": tampered,
    "garbage": lambda _: "not.a.token",
}


def assert_unauthenticated(response: httpx.Response) -> None:
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    error = response.json()["error"]
    assert (error["code"], error["message"], error["details"]) == ("unauthenticated", INVALID, {})


async def test_a_token_of_the_provider_is_accepted(
    client: httpx.AsyncClient, oidc_issuer: LocalIssuer
) -> None:
    response = await client.get(ME, headers=oidc_issuer.bearer(roles=["admin"]))

    assert response.status_code == 200
    assert response.json()["roles"] == ["admin"]


@pytest.mark.parametrize("forgery", list(FORGERIES))
async def test_a_forged_or_out_of_bounds_token_is_401(
    client: httpx.AsyncClient, oidc_issuer: LocalIssuer, forgery: str
) -> None:
    token = FORGERIES[forgery](oidc_issuer)

    response = await client.get(ME, headers={"Authorization": f"Bearer {token}"})

    assert_unauthenticated(response)


async def test_no_token_is_401_with_a_bearer_challenge(client: httpx.AsyncClient) -> None:
    response = await client.get(ME)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "unauthenticated"


@pytest.fixture
async def quick_refresh_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The app with a short refresh interval, so a rotation is picked up within the test."""
    app = create_app(settings.model_copy(update={"oidc_jwks_min_refresh_interval_seconds": 0.2}))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http,
    ):
        yield http


async def test_a_rotated_key_is_fetched_once_then_accepted(
    quick_refresh_client: httpx.AsyncClient, oidc_issuer: LocalIssuer
) -> None:
    before = oidc_issuer.jwks_requests
    assert (await quick_refresh_client.get(ME, headers=oidc_issuer.bearer())).status_code == 200
    rotated = oidc_issuer.rotate()
    await asyncio.sleep(0.25)

    for _ in range(3):
        response = await quick_refresh_client.get(ME, headers=oidc_issuer.bearer(key=rotated))
        assert response.status_code == 200

    assert oidc_issuer.jwks_requests - before == 2


# Counts the key fetches of an application that has fetched none yet.
@pytest.mark.own_app
async def test_a_flood_of_unknown_kids_does_not_refetch_the_keys(
    client: httpx.AsyncClient, oidc_issuer: LocalIssuer
) -> None:
    before = oidc_issuer.jwks_requests
    assert (await client.get(ME, headers=oidc_issuer.bearer())).status_code == 200

    for _ in range(30):
        token = oidc_issuer.mint(kid=uuid.uuid4().hex)
        assert_unauthenticated(await client.get(ME, headers={"Authorization": f"Bearer {token}"}))

    assert oidc_issuer.jwks_requests - before == 1


@pytest.fixture
async def client_of_a_gone_provider(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    gone = f"http://127.0.0.1:{port}/realms/gone"
    app = create_app(settings.model_copy(update={"oidc_issuer": gone}))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http,
    ):
        yield http


async def test_an_unreachable_provider_is_503_in_the_envelope_leaking_nothing(
    client_of_a_gone_provider: httpx.AsyncClient,
    oidc_issuer: LocalIssuer,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.INFO)
    token = oidc_issuer.mint(roles=["admin"])

    response = await client_of_a_gone_provider.get(ME, headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    error = response.json()["error"]
    assert error["code"] == "unavailable"
    assert error["message"] == "The identity provider cannot be reached; try again later."
    assert error["details"] == {}
    for leak in ("127.0.0.1", "realms", "Connect", "Traceback"):
        assert leak not in response.text
    logs = caplog.text + "".join(capsys.readouterr())
    assert "oidc_keys_unavailable" in logs
    assert token not in logs


# The verifier's events of an application that has seen none of these tokens before.
@pytest.mark.own_app
async def test_tokens_never_reach_the_logs_or_responses(
    client: httpx.AsyncClient,
    oidc_issuer: LocalIssuer,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    good = oidc_issuer.mint(roles=["user"])
    bad = [forge(oidc_issuer) for forge in FORGERIES.values()]

    responses = [
        await client.get(ME, headers={"Authorization": f"Bearer {token}"}) for token in [good, *bad]
    ]

    assert [r.status_code for r in responses] == [200] + [401] * len(bad)
    logs = caplog.text + "".join(capsys.readouterr())
    assert "oidc_token_rejected" in logs, "the verifier's events were not captured"
    for token in [good, *bad]:
        signature = token.rsplit(".", 1)[-1]
        assert token not in logs
        assert len(signature) < 16 or signature not in logs
        for response in responses:
            assert token not in response.text
