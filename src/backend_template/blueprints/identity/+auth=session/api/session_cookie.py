"""The session cookie: how it is written, and how it is read (after the CSRF check if unsafe).

CSRF is checked here, in the credentials scheme, because only this layer sees the request's
method and headers; the resolver that follows sees just the session id. Safe methods need no
token; POST, PUT, PATCH and DELETE carrying the cookie must send the session's token in
X-CSRF-Token. A request without the cookie has nothing to forge and goes on to answer 401.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.security import APIKeyCookie, APIKeyHeader

from {{ unit.application }}.verify_csrf import VerifyCsrf
from {{ unit.shared }}.settings import Settings

CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


@dataclass(frozen=True)
class SessionCookie:
    """HttpOnly and SameSite=Lax always; Secure unless turned off (refused in production)."""

    name: str
    secure: bool
    max_age: int

    @classmethod
    def from_settings(cls, settings: Settings) -> "SessionCookie":
        return cls(
            name=settings.session_cookie_name,
            secure=settings.session_cookie_secure,
            max_age=settings.session_absolute_timeout_seconds,
        )

    def write(self, response: Response, session_id: str) -> None:
        response.set_cookie(
            self.name,
            session_id,
            max_age=self.max_age,
            path="/",
            secure=self.secure,
            httponly=True,
            samesite="lax",
        )

    def clear(self, response: Response) -> None:
        response.delete_cookie(
            self.name, path="/", secure=self.secure, httponly=True, samesite="lax"
        )


def session_cookie_scheme(
    cookie_name: str, verify_csrf: VerifyCsrf
) -> Callable[..., Awaitable[str | None]]:
    """A dependency giving the session id of the cookie, for unsafe methods once CSRF passed."""
    # auto_error=False: a missing cookie reaches the Authorizer, which answers in the envelope.
    cookie = APIKeyCookie(
        name=cookie_name,
        auto_error=False,
        description="The session cookie set by POST /api/v1/identity/login.",
    )
    csrf_header = APIKeyHeader(
        name=CSRF_HEADER,
        auto_error=False,
        description="The session's CSRF token, required on POST, PUT, PATCH and DELETE.",
    )

    async def session_id(
        request: Request,
        value: Annotated[str | None, Depends(cookie)],
        csrf_token: Annotated[str | None, Depends(csrf_header)],
    ) -> str | None:
        if value and request.method not in SAFE_METHODS:
            await verify_csrf.execute(value, csrf_token)
        return value

    return session_id
