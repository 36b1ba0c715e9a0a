"""The session method's failures for the log canary test: cookies, CSRF, sign-in, hashing."""

from typing import Any

import httpx
import pytest

from tests.account_canaries import DATABASE_DOWN, account_attempts
from tests.log_capture import CANARY_COOKIE, CANARY_CSRF, CANARY_PASSWORD, Attempt
from tests.sign_in import CSRF_HEADER, IDENTITY, sign_in

UNAUTHORIZED = frozenset({401})


def login(
    name: str, email: str, password: str, statuses: frozenset[int], **options: Any
) -> Attempt:
    """The login endpoint, with the credentials in a JSON body."""
    body = {"email": email, "password": password}
    return Attempt(name, "POST", f"{IDENTITY}/login", statuses, json=body, **options)


@pytest.fixture
async def canary_attempts(client: httpx.AsyncClient) -> list[Attempt]:
    email, accounts = await account_attempts(client, login)
    session = await sign_in(client, email, CANARY_PASSWORD)
    cookie_name = session["Cookie"].partition("=")[0]
    cookie = session["Cookie"]
    forged = {"Cookie": f"{cookie_name}={CANARY_COOKIE}", CSRF_HEADER: CANARY_CSRF}
    wrong_csrf = {"Cookie": cookie, CSRF_HEADER: CANARY_CSRF}
    me, logout = f"{IDENTITY}/me", f"{IDENTITY}/logout"
    real = (cookie.partition("=")[2], session[CSRF_HEADER])
    return [
        *accounts,
        Attempt("unknown session", "GET", me, UNAUTHORIZED, headers=forged),
        Attempt(
            "CSRF mismatch", "POST", logout, frozenset({403}), headers=wrong_csrf, secrets=real
        ),
        Attempt("no CSRF token", "POST", logout, frozenset({403}), headers={"Cookie": cookie}),
        Attempt(
            "session, database down",
            "GET",
            me,
            frozenset({401, *DATABASE_DOWN}),
            headers=session,
            secrets=real,
            database_down=True,
        ),
    ]
