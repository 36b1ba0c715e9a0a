"""The failures of local accounts (registration, sign-in) that JWT and session projects share."""

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pwdlib import PasswordHash

from tests.local_accounts import new_credentials
from tests.log_capture import CANARY_PASSWORD, Attempt
from tests.sign_in import IDENTITY

# (name, email, password, statuses, **Attempt options) -> the auth method's sign-in request.
SignInAttempt = Callable[..., Attempt]
DATABASE_DOWN = frozenset({500, 503})
ANY_FAILURE = frozenset({400, 401, 422, 500, 503})


def hasher_raises(patch: pytest.MonkeyPatch) -> None:
    """The password hasher fails, naming the password in its message and its locals."""

    def verify(_self: PasswordHash, password: str, _hash: str | bytes) -> bool:
        msg = f"argon2 could not verify {password!r}"
        raise RuntimeError(msg)

    patch.setattr(PasswordHash, "verify", verify)


async def account_attempts(
    client: httpx.AsyncClient, sign_in: SignInAttempt
) -> tuple[str, list[Attempt]]:
    """Register an account whose password is the canary (its email, returned), then fail."""
    email, _ = new_credentials("canary")
    limited, _ = new_credentials("limited")
    unknown, _ = new_credentials("unknown")
    registered = await client.post(
        f"{IDENTITY}/register", json={"email": email, "password": CANARY_PASSWORD}
    )
    assert registered.status_code == 201, registered.text
    register = f"{IDENTITY}/register"
    invalid: dict[str, Any] = {"email": "not an email", "password": CANARY_PASSWORD}
    return email, [
        Attempt("invalid registration", "POST", register, frozenset({422}), json=invalid),
        Attempt(
            "registration taken",
            "POST",
            register,
            frozenset({409}),
            json={"email": email, "password": CANARY_PASSWORD},
        ),
        sign_in("wrong password", email, f"{CANARY_PASSWORD}-wrong", frozenset({401})),
        sign_in("unknown account", unknown, CANARY_PASSWORD, frozenset({401})),
        sign_in("NUL in the email", "victim\x00@example.com", CANARY_PASSWORD, ANY_FAILURE),
        *[sign_in("rate limit", limited, CANARY_PASSWORD, frozenset({401, 429})) for _ in range(6)],
        sign_in("rate limited", limited, CANARY_PASSWORD, frozenset({429})),
        sign_in("hasher raises", email, CANARY_PASSWORD, frozenset({500}), breaks=hasher_raises),
        sign_in("database down", email, CANARY_PASSWORD, DATABASE_DOWN, database_down=True),
    ]
