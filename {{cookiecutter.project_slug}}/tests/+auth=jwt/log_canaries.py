"""The JWT method's failures for the log canary test: tokens, refresh, sign-in, hashing."""

import time
from typing import Any

import httpx
import jwt
import pytest

from tests.account_canaries import account_attempts
from tests.log_capture import CANARY_PASSWORD, CANARY_TOKEN, Attempt
from tests.sign_in import IDENTITY

UNAUTHORIZED = frozenset({401})


def password_grant(
    name: str, email: str, password: str, statuses: frozenset[int], **options: Any
) -> Attempt:
    """The token endpoint's password grant, a form as OAuth2 has it."""
    form = {"username": email, "password": password}
    return Attempt(name, "POST", f"{IDENTITY}/token", statuses, data=form, **options)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
async def canary_attempts(client: httpx.AsyncClient) -> list[Attempt]:
    email, accounts = await account_attempts(client, password_grant)
    signed_in = await client.post(
        f"{IDENTITY}/token", data={"username": email, "password": CANARY_PASSWORD}
    )
    tokens = signed_in.json()
    rotated = await client.post(
        f"{IDENTITY}/refresh", json={"refresh_token": tokens["refresh_token"]}
    )
    assert rotated.status_code == 200, rotated.text
    claims = {"sub": "someone", "exp": int(time.time()) - 60, "note": CANARY_TOKEN}
    forged = jwt.encode(claims, f"not-the-key-{CANARY_TOKEN}", algorithm="HS256")
    me, refresh = f"{IDENTITY}/me", f"{IDENTITY}/refresh"
    return [
        *accounts,
        Attempt("not a token", "GET", me, UNAUTHORIZED, headers=bearer(CANARY_TOKEN)),
        Attempt(
            "forged, expired token",
            "GET",
            me,
            UNAUTHORIZED,
            headers=bearer(forged),
            secrets=(forged,),
        ),
        Attempt(
            "unknown refresh token",
            "POST",
            refresh,
            UNAUTHORIZED,
            json={"refresh_token": CANARY_TOKEN},
        ),
        Attempt(
            "reused refresh token",
            "POST",
            refresh,
            UNAUTHORIZED,
            json={"refresh_token": tokens["refresh_token"]},
            secrets=(tokens["refresh_token"], tokens["access_token"]),
        ),
        Attempt(
            "refresh, database down",
            "POST",
            refresh,
            frozenset({401, 500, 503}),
            json={"refresh_token": rotated.json()["refresh_token"]},
            secrets=(rotated.json()["refresh_token"],),
            database_down=True,
        ),
    ]
