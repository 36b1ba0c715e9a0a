"""The access-token codec accepts exactly what it issued, and nothing an attacker can forge."""

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

KEY = "k" * 64
OTHER_KEY = "o" * 64
ISSUER = "test-issuer"
AUDIENCE = "test-audience"
TTL = timedelta(minutes=15)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def codec(key: str = KEY) -> JwtAccessTokenCodec:
    return JwtAccessTokenCodec(
        key=key, algorithm="HS256", issuer=ISSUER, audience=AUDIENCE, ttl=TTL
    )


def claims(**overrides: Any) -> dict[str, Any]:
    now = int(datetime.now(UTC).timestamp())
    payload: dict[str, Any] = {
        "sub": str(uuid.uuid4()),
        "sid": str(uuid.uuid4()),
        "role": "user",
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        "iss": ISSUER,
        "aud": AUDIENCE,
        "jti": uuid.uuid4().hex,
    }
    payload.update(overrides)
    return {name: value for name, value in payload.items() if value is not None}


def sign(payload: dict[str, Any], key: str = KEY, algorithm: str = "HS256") -> str:
    return jwt.encode(payload, key, algorithm=algorithm)


def forge(header: dict[str, Any], payload: dict[str, Any], signature: bytes = b"") -> str:
    """A token assembled by hand, as an attacker would, bypassing any library checks."""
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}"
    return f"{signing_input}.{b64(signature)}"


def test_verifies_what_it_issues() -> None:
    user_id, session_id = uuid.uuid4(), uuid.uuid4()
    now = datetime.now(UTC)

    issued = codec().issue(user_id=user_id, role=Role.ADMIN, session_id=session_id, now=now)
    verified = codec().verify(issued.token)

    assert (verified.user_id, verified.session_id, verified.role) == (user_id, session_id, "admin")
    assert issued.expires_in == TTL.total_seconds()
    payload = jwt.decode(issued.token, KEY, algorithms=["HS256"], audience=AUDIENCE)
    assert payload["exp"] - payload["iat"] == TTL.total_seconds()
    assert payload["nbf"] == payload["iat"]
    assert payload["iss"] == ISSUER
    assert payload["jti"]
    assert jwt.get_unverified_header(issued.token)["alg"] == "HS256"


def test_every_token_has_its_own_id() -> None:
    now = datetime.now(UTC)
    user_id, session_id = uuid.uuid4(), uuid.uuid4()

    first = codec().issue(user_id=user_id, role=Role.USER, session_id=session_id, now=now)
    second = codec().issue(user_id=user_id, role=Role.USER, session_id=session_id, now=now)

    assert codec().verify(first.token).token_id != codec().verify(second.token).token_id


def test_accepts_a_well_formed_token() -> None:
    assert codec().verify(sign(claims())).role == "user"


def test_rejects_alg_none() -> None:
    token = forge({"alg": "none", "typ": "JWT"}, claims())

    with pytest.raises(InvalidTokenError):
        codec().verify(token)


def test_rejects_a_token_signed_with_another_key() -> None:
    with pytest.raises(InvalidTokenError):
        codec().verify(sign(claims(), key=OTHER_KEY))


@pytest.mark.parametrize("algorithm", ["HS384", "HS512"])
def test_rejects_another_algorithm_even_with_the_right_key(algorithm: str) -> None:
    with pytest.raises(InvalidTokenError):
        codec().verify(sign(claims(), algorithm=algorithm))


def test_rejects_rs256_confusion_with_the_key_used_as_an_hmac_secret() -> None:
    """The classic confusion: header says RS256, signature is an HMAC keyed with known material."""
    header = {"alg": "RS256", "typ": "JWT"}
    signing_input = forge(header, claims()).rsplit(".", 1)[0]
    signature = hmac.new(KEY.encode(), signing_input.encode(), hashlib.sha256).digest()

    with pytest.raises(InvalidTokenError):
        codec().verify(f"{signing_input}.{b64(signature)}")


def test_rejects_an_expired_token() -> None:
    past = int(datetime.now(UTC).timestamp()) - 3600
    token = sign(claims(iat=past, nbf=past, exp=past + 60))

    with pytest.raises(InvalidTokenError):
        codec().verify(token)


def test_tolerates_a_little_clock_skew_only() -> None:
    now = int(datetime.now(UTC).timestamp())

    assert codec().verify(sign(claims(exp=now - 2))).role == "user"
    with pytest.raises(InvalidTokenError):
        codec().verify(sign(claims(exp=now - 60)))


def test_rejects_a_token_not_yet_valid() -> None:
    future = int(datetime.now(UTC).timestamp()) + 3600

    with pytest.raises(InvalidTokenError):
        codec().verify(sign(claims(nbf=future, iat=future, exp=future + 600)))


@pytest.mark.parametrize(
    "overrides",
    [{"iss": "someone-else"}, {"aud": "another-service"}, {"aud": [AUDIENCE, "another-service"]}],
    ids=["wrong-issuer", "wrong-audience", "audience-list"],
)
def test_rejects_tokens_meant_for_or_from_someone_else(overrides: dict[str, Any]) -> None:
    with pytest.raises(InvalidTokenError):
        codec().verify(sign(claims(**overrides)))


@pytest.mark.parametrize(
    "missing", ["exp", "iat", "nbf", "sub", "sid", "iss", "aud", "jti", "role"]
)
def test_rejects_a_token_missing_a_required_claim(missing: str) -> None:
    with pytest.raises(InvalidTokenError):
        codec().verify(sign(claims(**{missing: None})))


@pytest.mark.parametrize(
    "overrides",
    [{"sub": "not-a-uuid"}, {"sid": "not-a-uuid"}, {"sub": 42}],
    ids=["sub-not-uuid", "sid-not-uuid", "sub-not-string"],
)
def test_rejects_malformed_claims(overrides: dict[str, Any]) -> None:
    with pytest.raises(InvalidTokenError):
        codec().verify(sign(claims(**overrides)))


def test_rejects_a_tampered_payload() -> None:
    header, _, signature = sign(claims(role="user")).split(".")
    tampered = b64(json.dumps(claims(role="admin")).encode())

    with pytest.raises(InvalidTokenError):
        codec().verify(f"{header}.{tampered}.{signature}")


@pytest.mark.parametrize("token", ["", "garbage", "a.b.c", "a.b", "Bearer x.y.z"])
def test_rejects_garbage(token: str) -> None:
    with pytest.raises(InvalidTokenError):
        codec().verify(token)


def test_refuses_a_short_key_or_an_unsupported_algorithm() -> None:
    with pytest.raises(ValueError, match="at least"):
        codec(key="too-short")
    with pytest.raises(ValueError, match="HS512 signing key must be at least 64"):
        JwtAccessTokenCodec(
            key="k" * 32, algorithm="HS512", issuer=ISSUER, audience=AUDIENCE, ttl=TTL
        )
    for algorithm in ("none", "ES512", "EdDSA"):
        with pytest.raises(ValueError, match="unsupported"):
            JwtAccessTokenCodec(
                key=KEY, algorithm=algorithm, issuer=ISSUER, audience=AUDIENCE, ttl=TTL
            )


def test_a_shared_secret_is_no_private_key() -> None:
    with pytest.raises(ValueError, match="unusable RS256 key"):
        JwtAccessTokenCodec(key=KEY, algorithm="RS256", issuer=ISSUER, audience=AUDIENCE, ttl=TTL)
