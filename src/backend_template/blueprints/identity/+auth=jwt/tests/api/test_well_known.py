"""The published keys and discovery document: what another service needs to verify our tokens."""

import time
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import jwt
import pytest
from pydantic import SecretStr

from {{ unit.package }}.main import create_app
from {{ unit.shared }}.settings import Settings

from tests.auth_fixtures import IDENTITY, new_credentials, sign_in
from tests.key_pairs import public_pem, rsa_private_pem

PUBLIC_URL = "https://identity.example.com"
JWKS = "/.well-known/jwks.json"
DISCOVERY = "/.well-known/openid-configuration"
# What a resource server requires of an access token (the OIDC verifier's list).
REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub"]


@pytest.fixture
async def rs256_client(settings: Settings, migrated_database: str) -> AsyncIterator[Any]:
    """The app signing with RS256, one retired key still published, behind a public URL."""
    custom = settings.model_copy(
        update={
            "database_url": migrated_database,
            "jwt_algorithm": "RS256",
            "jwt_private_key": SecretStr(rsa_private_pem()),
            "jwt_previous_public_keys": [public_pem(rsa_private_pem("retired"))],
            "jwt_public_issuer_url": PUBLIC_URL,
        }
    )
    application = create_app(custom)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield http


async def new_user_token(client: httpx.AsyncClient) -> str:
    email, password = new_credentials("reader")
    registered = await client.post(
        f"{IDENTITY}/register", json={"email": email, "password": password}
    )
    assert registered.status_code == 201, registered.text
    headers = await sign_in(client, email, password)
    return headers["Authorization"].removeprefix("Bearer ")


async def get_json(client: httpx.AsyncClient, url: str) -> Any:
    """GET through the app, whatever public host the URL names."""
    response = await client.get(urlsplit(url).path)
    assert response.status_code == 200, response.text
    assert response.headers["Cache-Control"] == "public, max-age=300"
    return response.json()


async def test_shared_secret_tokens_publish_an_empty_key_set(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    assert await get_json(client, JWKS) == {"keys": []}

    document = await get_json(client, DISCOVERY)
    assert document["issuer"] == settings.jwt_issuer
    assert document["jwks_uri"] == "http://test/.well-known/jwks.json"
    assert document["token_endpoint"] == f"http://test{IDENTITY}/token"
    assert document["id_token_signing_alg_values_supported"] == [settings.jwt_algorithm]


async def test_the_key_set_lists_the_current_key_then_the_retired_one(
    rs256_client: httpx.AsyncClient,
) -> None:
    token = await new_user_token(rs256_client)

    current, retired = (await get_json(rs256_client, JWKS))["keys"]

    assert jwt.get_unverified_header(token)["kid"] == current["kid"]
    assert current["kid"] != retired["kid"]
    for key in (current, retired):
        assert set(key) == {"kty", "kid", "use", "alg", "n", "e"}
        assert (key["kty"], key["use"], key["alg"]) == ("RSA", "sig", "RS256")


async def test_discovery_names_the_public_issuer_and_its_endpoints(
    rs256_client: httpx.AsyncClient,
) -> None:
    document = await get_json(rs256_client, DISCOVERY)

    assert document["issuer"] == PUBLIC_URL
    assert document["jwks_uri"] == f"{PUBLIC_URL}{JWKS}"
    assert document["token_endpoint"] == f"{PUBLIC_URL}{IDENTITY}/token"
    assert document["id_token_signing_alg_values_supported"] == ["RS256"]
    assert document["subject_types_supported"] == ["public"]
    assert document["response_types_supported"]
    assert {"sub", "iss", "aud", "exp", "roles"} <= set(document["claims_supported"])


async def test_another_service_verifies_our_tokens_from_the_published_keys_alone(
    rs256_client: httpx.AsyncClient, settings: Settings
) -> None:
    """What an OIDC resource server does: discovery, then the JWKS, then the key of the kid."""
    token = await new_user_token(rs256_client)

    document = await get_json(rs256_client, DISCOVERY)
    assert document["issuer"] == PUBLIC_URL, "discovery must name the issuer it was fetched for"
    keys = {key["kid"]: key for key in (await get_json(rs256_client, document["jwks_uri"]))["keys"]}
    header = jwt.get_unverified_header(token)
    jwk = keys[header["kid"]]
    assert jwk["alg"] == header["alg"] == "RS256"
    claims = jwt.decode(
        token,
        jwt.PyJWK(jwk, algorithm=header["alg"]),
        algorithms=[header["alg"]],
        audience=settings.jwt_audience,
        issuer=document["issuer"],
        options={"require": REQUIRED_CLAIMS},
    )

    assert claims["roles"] == ["user"]
    me = await rs256_client.get(f"{IDENTITY}/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.json()["id"] == claims["sub"]


async def test_a_token_of_the_retired_key_verifies_with_its_published_key(
    rs256_client: httpx.AsyncClient, settings: Settings
) -> None:
    keys = (await get_json(rs256_client, JWKS))["keys"]
    retired = keys[1]
    token = jwt.encode(
        {
            "sub": "someone",
            "iss": PUBLIC_URL,
            "aud": settings.jwt_audience,
            "exp": int(time.time()) + 600,
        },
        rsa_private_pem("retired"),
        algorithm="RS256",
        headers={"kid": retired["kid"]},
    )

    claims = jwt.decode(
        token,
        jwt.PyJWK(retired),
        algorithms=["RS256"],
        audience=settings.jwt_audience,
        issuer=PUBLIC_URL,
    )
    assert claims["sub"] == "someone"
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, jwt.PyJWK(keys[0]), algorithms=["RS256"], audience=settings.jwt_audience)
