"""Tokens signed with a private key: verifiable by anyone with the public key, forged by no one."""

import base64
import hashlib
import hmac
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest

from {{ unit.domain }}.errors import InvalidTokenError
from {{ unit.domain }}.user import Role
from {{ unit.infrastructure }}.jwt_codec import (
    JwtAccessTokenCodec,
)
from {{ unit.infrastructure }}.signing_keys import thumbprint

from tests.key_pairs import (
    ec_private_pem,
    private_pem_for,
    public_pem,
    rsa_private_pem,
)

ISSUER = "https://identity.example.com"
AUDIENCE = "test-audience"
TTL = timedelta(minutes=15)
ASYMMETRIC = ["RS256", "RS384", "RS512", "PS256", "ES256"]
ISSUED_CLAIMS = {"sub", "sid", "role", "roles", "iat", "nbf", "exp", "iss", "aud", "jti"}


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def codec(
    algorithm: str = "RS256",
    key: str | None = None,
    previous: tuple[str, ...] = (),
) -> JwtAccessTokenCodec:
    return JwtAccessTokenCodec(
        key=key or private_pem_for(algorithm),
        algorithm=algorithm,
        issuer=ISSUER,
        audience=AUDIENCE,
        ttl=TTL,
        previous_public_keys=previous,
    )


def issue(signer: JwtAccessTokenCodec, role: Role = Role.USER) -> str:
    now = datetime.now(UTC)
    return signer.issue(user_id=uuid.uuid4(), role=role, session_id=uuid.uuid4(), now=now).token


def claims(**overrides: Any) -> dict[str, Any]:
    now = int(datetime.now(UTC).timestamp())
    payload: dict[str, Any] = {
        "sub": str(uuid.uuid4()),
        "sid": str(uuid.uuid4()),
        "role": "admin",
        "roles": ["admin"],
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        "iss": ISSUER,
        "aud": AUDIENCE,
        "jti": uuid.uuid4().hex,
    }
    payload.update(overrides)
    return payload


def forged(header: dict[str, Any], payload: dict[str, Any], secret: bytes) -> str:
    """A token whose signature is an HMAC keyed with ``secret``, assembled by hand."""
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}"
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


@pytest.mark.parametrize("algorithm", ASYMMETRIC)
def test_verifies_what_it_issues_with_every_algorithm(algorithm: str) -> None:
    user_id, session_id = uuid.uuid4(), uuid.uuid4()
    signer = codec(algorithm)

    issued = signer.issue(
        user_id=user_id, role=Role.ADMIN, session_id=session_id, now=datetime.now(UTC)
    )
    verified = codec(algorithm).verify(issued.token)

    assert (verified.user_id, verified.session_id, verified.role) == (user_id, session_id, "admin")
    header = jwt.get_unverified_header(issued.token)
    assert header["alg"] == algorithm
    assert header["kid"] == signer.published_keys()[0]["kid"]
    payload = jwt.decode(issued.token, options={"verify_signature": False})
    assert set(payload) == ISSUED_CLAIMS
    assert payload["roles"] == ["admin"]
    assert payload["iss"] == ISSUER


def test_the_key_id_is_the_rfc_7638_thumbprint() -> None:
    # RFC 7638, section 3.1: this key's thumbprint is given in the specification.
    rfc_key = {
        "kty": "RSA",
        "e": "AQAB",
        "n": (
            "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tS"
            "oc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65"
            "YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyr"
            "dkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzK"
            "nqDKgw"
        ),
        "alg": "RS256",
        "kid": "2011-04-29",
    }
    assert thumbprint(rfc_key) == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"

    published = codec().published_keys()[0]
    assert published["kid"] == thumbprint(published)
    assert codec().published_keys()[0]["kid"] == published["kid"], "not stable across codecs"


@pytest.mark.parametrize(
    ("algorithm", "members"),
    [("RS256", {"n", "e"}), ("PS256", {"n", "e"}), ("ES256", {"crv", "x", "y"})],
)
def test_publishes_only_public_members(algorithm: str, members: set[str]) -> None:
    [published] = codec(algorithm).published_keys()

    assert set(published) == {"kty", "kid", "use", "alg", *members}
    assert published["use"] == "sig"
    assert published["alg"] == algorithm
    assert published["kty"] == ("EC" if algorithm == "ES256" else "RSA")
    if algorithm == "ES256":
        assert published["crv"] == "P-256"


def test_a_public_jwk_verifies_the_tokens_as_another_service_would() -> None:
    signer = codec("ES256")
    token = issue(signer)

    key = jwt.PyJWK(dict(signer.published_keys()[0]))
    payload = jwt.decode(token, key, algorithms=["ES256"], audience=AUDIENCE, issuer=ISSUER)

    assert payload["roles"] == ["user"]


def test_rejects_a_token_signed_with_another_key_pair() -> None:
    impostor = codec(key=rsa_private_pem("impostor"))

    with pytest.raises(InvalidTokenError):
        codec().verify(issue(impostor))


def test_rejects_another_key_pair_even_under_the_right_key_id() -> None:
    kid = codec().published_keys()[0]["kid"]
    token = jwt.encode(
        claims(), rsa_private_pem("impostor"), algorithm="RS256", headers={"kid": kid}
    )

    with pytest.raises(InvalidTokenError):
        codec().verify(token)


def test_rejects_a_tampered_payload() -> None:
    header, _, signature = issue(codec()).split(".")
    tampered = b64(json.dumps(claims(role="admin")).encode())

    with pytest.raises(InvalidTokenError):
        codec().verify(f"{header}.{tampered}.{signature}")


def test_rejects_hs256_signed_with_the_public_key_as_the_secret() -> None:
    """Algorithm confusion: the public key is public, so an HMAC keyed with it proves nothing."""
    kid = codec().published_keys()[0]["kid"]
    for secret in (public_pem(rsa_private_pem()), public_pem(rsa_private_pem()).strip()):
        token = forged({"alg": "HS256", "typ": "JWT", "kid": kid}, claims(), secret.encode())
        with pytest.raises(InvalidTokenError):
            codec().verify(token)


def test_rejects_another_algorithm_of_the_same_key() -> None:
    kid = codec().published_keys()[0]["kid"]
    token = jwt.encode(claims(), rsa_private_pem(), algorithm="PS256", headers={"kid": kid})

    with pytest.raises(InvalidTokenError):
        codec().verify(token)


@pytest.mark.parametrize("header", [{}, {"kid": "unknown"}], ids=["no-kid", "unknown-kid"])
def test_rejects_a_token_without_a_known_key_id(header: dict[str, Any]) -> None:
    token = jwt.encode(claims(), rsa_private_pem(), algorithm="RS256", headers=header)

    with pytest.raises(InvalidTokenError):
        codec().verify(token)


def test_rejects_alg_none() -> None:
    kid = codec().published_keys()[0]["kid"]
    header = b64(json.dumps({"alg": "none", "kid": kid}).encode())
    payload = b64(json.dumps(claims()).encode())

    with pytest.raises(InvalidTokenError):
        codec().verify(f"{header}.{payload}.")


def test_retired_keys_still_verify_and_are_published_after_the_current_one() -> None:
    retired = codec(key=rsa_private_pem("retired"))
    old_token = issue(retired)
    rotated = codec(previous=(public_pem(rsa_private_pem("retired")),))

    assert rotated.verify(old_token).role == "user"
    current, previous = rotated.published_keys()
    assert current["kid"] == codec().published_keys()[0]["kid"]
    assert previous["kid"] == retired.published_keys()[0]["kid"]
    assert jwt.get_unverified_header(issue(rotated))["kid"] == current["kid"]
    with pytest.raises(InvalidTokenError):
        codec().verify(old_token)


def test_the_current_key_listed_as_previous_is_published_once() -> None:
    keys = codec(previous=(public_pem(rsa_private_pem()),)).published_keys()

    assert len(keys) == 1


def test_shared_secret_algorithms_publish_no_keys() -> None:
    hs256 = JwtAccessTokenCodec(
        key="k" * 32, algorithm="HS256", issuer=ISSUER, audience=AUDIENCE, ttl=TTL
    )

    assert hs256.published_keys() == ()
    assert "kid" not in jwt.get_unverified_header(issue(hs256))


@pytest.mark.parametrize(
    ("algorithm", "key", "reason"),
    [
        ("RS256", "not a pem", "not an unencrypted PEM private key"),
        ("RS256", public_pem(rsa_private_pem()), "not an unencrypted PEM private key"),
        ("RS256", rsa_private_pem("small", bits=1024), "at least 2048 bits"),
        ("RS256", ec_private_pem(), "needs an RSA key"),
        ("ES256", rsa_private_pem(), "P-256"),
        ("ES256", ec_private_pem(curve="P-384"), "P-256"),
    ],
    ids=["garbage", "public-key", "rsa-1024", "ec-for-rs256", "rsa-for-es256", "p384-for-es256"],
)
def test_refuses_a_private_key_that_does_not_fit(algorithm: str, key: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        codec(algorithm, key=key)


def test_refuses_previous_keys_that_do_not_fit_or_belong_to_a_shared_secret() -> None:
    with pytest.raises(ValueError, match="needs an RSA key"):
        codec(previous=(public_pem(ec_private_pem()),))
    with pytest.raises(ValueError, match="not a PEM public key"):
        codec(previous=(rsa_private_pem("retired"),))
    with pytest.raises(ValueError, match="no previous public keys"):
        JwtAccessTokenCodec(
            key="k" * 32,
            algorithm="HS256",
            issuer=ISSUER,
            audience=AUDIENCE,
            ttl=TTL,
            previous_public_keys=(public_pem(rsa_private_pem()),),
        )
