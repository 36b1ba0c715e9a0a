"""HTTP endpoints of the identity context: accounts, cookie sessions and user administration."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status

from {{ unit.api }}.schemas import CsrfOut, LoginIn, SessionOut
from {{ unit.api }}.session_cookie import SessionCookie
from {{ unit.api }}.users import (
    NO_STORE,
    UserUseCases,
    build_users_router,
    client_address,
    documented,
)
from {{ unit.web }}.security import Authorizer
from {{ unit.application }}.log_in import LogIn, LogInCommand
from {{ unit.application }}.log_out import LogOut
from {{ unit.application }}.resolve_session import ResolveSession
from {{ unit.domain }}.session_errors import InvalidSessionError


@dataclass(frozen=True)
class IdentityUseCases:
    users: UserUseCases
    log_in: LogIn
    log_out: LogOut
    resolve_session: ResolveSession


def build_router(
    use_cases: IdentityUseCases,
    authorizer: Authorizer,
    cookie: SessionCookie,
    session_id: Callable[..., Awaitable[str | None]],
) -> APIRouter:
    """``session_id`` is the credentials scheme: the cookie's value, CSRF-checked when unsafe."""
    router = APIRouter()

    @router.post(
        "/login",
        responses=documented(HTTPStatus.UNAUTHORIZED, HTTPStatus.TOO_MANY_REQUESTS),
    )
    async def log_in(body: LoginIn, request: Request, response: Response) -> SessionOut:
        """Sign in: sets a new session cookie and returns the session's CSRF token."""
        started = await use_cases.log_in.execute(
            LogInCommand(
                email=body.email,
                password=body.password.get_secret_value(),
                client=client_address(request),
                previous_session_id=request.cookies.get(cookie.name),
            )
        )
        cookie.write(response, started.session_id)
        response.headers.update(NO_STORE)
        return SessionOut.of(started)

    @router.post(
        "/logout",
        status_code=status.HTTP_204_NO_CONTENT,
        responses=documented(HTTPStatus.FORBIDDEN),
    )
    async def log_out(
        current: Annotated[str | None, Depends(session_id)], response: Response
    ) -> None:
        """End this session (its id never works again) and clear the cookie."""
        if current:
            await use_cases.log_out.execute(current)
        cookie.clear(response)

    @router.get("/csrf", responses=documented(HTTPStatus.UNAUTHORIZED))
    async def csrf_token(
        current: Annotated[str | None, Depends(session_id)], response: Response
    ) -> CsrfOut:
        """The CSRF token of this session, for a page that lost the one login returned."""
        if not current:
            raise InvalidSessionError
        session = await use_cases.resolve_session.execute(current)
        response.headers.update(NO_STORE)
        return CsrfOut(csrf_token=session.csrf_token)

    router.include_router(build_users_router(use_cases.users, authorizer))
    return router
