"""HTTP endpoints of the identity context: accounts, sign-in, sessions and user administration."""

from dataclasses import dataclass
from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response, status

from {{ unit.api }}.schemas import PasswordGrantForm, RefreshTokenIn, TokenOut
from {{ unit.api }}.users import (
    NO_STORE,
    UserUseCases,
    build_users_router,
    client_address,
    documented,
)
from {{ unit.web }}.security import Authorizer
from {{ unit.application }}.log_in import LogIn, LogInCommand
from {{ unit.application }}.log_out import LogOut, LogOutCommand
from {{ unit.application }}.refresh_session import (
    RefreshSession,
    RefreshSessionCommand,
)


@dataclass(frozen=True)
class IdentityUseCases:
    users: UserUseCases
    log_in: LogIn
    refresh: RefreshSession
    log_out: LogOut


def build_router(use_cases: IdentityUseCases, authorizer: Authorizer) -> APIRouter:
    router = APIRouter()

    @router.post(
        "/token",
        responses=documented(HTTPStatus.UNAUTHORIZED, HTTPStatus.TOO_MANY_REQUESTS),
    )
    async def issue_token(
        form: Annotated[PasswordGrantForm, Form()],
        request: Request,
        response: Response,
    ) -> TokenOut:
        """Sign in with the OAuth2 password flow: the email goes in `username`."""
        tokens = await use_cases.log_in.execute(
            LogInCommand(
                email=form.username,
                password=form.password,
                client=client_address(request),
            )
        )
        response.headers.update(NO_STORE)
        return TokenOut.of(tokens)

    @router.post("/refresh", responses=documented(HTTPStatus.UNAUTHORIZED))
    async def refresh(body: RefreshTokenIn, response: Response) -> TokenOut:
        """Exchange a refresh token for new tokens; the presented one can never be used again."""
        tokens = await use_cases.refresh.execute(
            RefreshSessionCommand(refresh_token=body.refresh_token.get_secret_value())
        )
        response.headers.update(NO_STORE)
        return TokenOut.of(tokens)

    @router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
    async def log_out(body: RefreshTokenIn) -> None:
        """End the session of this refresh token, and of the access tokens issued with it."""
        await use_cases.log_out.execute(
            LogOutCommand(refresh_token=body.refresh_token.get_secret_value())
        )

    router.include_router(build_users_router(use_cases.users, authorizer))
    return router
