"""HTTP endpoints of the identity context: accounts, sign-in, sessions and user administration."""

import uuid
from dataclasses import dataclass
from http import HTTPStatus
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response, status
from fastapi.security import OAuth2PasswordRequestForm

from {{ unit.api }}.schemas import (
    RefreshTokenIn,
    RegisterIn,
    RoleIn,
    StatusIn,
    TokenOut,
    UserOut,
)
from {{ unit.web }}.pagination import PageOut, page_request
from {{ unit.web }}.security import Authorizer
from {{ unit.application }}.change_role import (
    ChangeRole,
    ChangeRoleCommand,
)
from {{ unit.application }}.change_status import (
    ChangeStatus,
    ChangeStatusCommand,
)
from {{ unit.application }}.get_user import GetUser
from {{ unit.application }}.list_users import ListUsers
from {{ unit.application }}.log_in import LogIn, LogInCommand
from {{ unit.application }}.log_out import LogOut, LogOutCommand
from {{ unit.application }}.refresh_session import (
    RefreshSession,
    RefreshSessionCommand,
)
from {{ unit.application }}.register_user import (
    RegisterUser,
    RegisterUserCommand,
)
from {{ unit.shared }}.pagination import PageRequest
from {{ unit.shared }}.security import Principal

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


@dataclass(frozen=True)
class IdentityUseCases:
    register: RegisterUser
    log_in: LogIn
    refresh: RefreshSession
    log_out: LogOut
    get_user: GetUser
    list_users: ListUsers
    change_role: ChangeRole
    change_status: ChangeStatus


def documented(*statuses: HTTPStatus) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error envelopes an endpoint answers with."""
    return {int(status): {"description": status.phrase} for status in statuses}


ADMIN_ON_USER = documented(
    HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND, HTTPStatus.CONFLICT
)


def client_address(request: Request) -> str:
    """The peer address (behind a proxy, run uvicorn with --proxy-headers to get the client's)."""
    return request.client.host if request.client else "unknown"


def build_router(use_cases: IdentityUseCases, authorizer: Authorizer) -> APIRouter:
    router = APIRouter()
    signed_in = authorizer.require("identity:self")
    admin = authorizer.require("identity:admin")

    @router.post(
        "/register",
        status_code=status.HTTP_201_CREATED,
        responses=documented(HTTPStatus.CONFLICT),
    )
    async def register(body: RegisterIn) -> UserOut:
        """Create an account with the user role."""
        user = await use_cases.register.execute(
            RegisterUserCommand(email=str(body.email), password=body.password.get_secret_value())
        )
        return UserOut.of(user)

    @router.post(
        "/token",
        responses=documented(HTTPStatus.UNAUTHORIZED, HTTPStatus.TOO_MANY_REQUESTS),
    )
    async def issue_token(
        form: Annotated[OAuth2PasswordRequestForm, Depends()],
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

    @router.get("/me", responses=documented(HTTPStatus.UNAUTHORIZED))
    async def me(principal: Annotated[Principal, Depends(signed_in)]) -> UserOut:
        """The signed-in user."""
        return UserOut.of(await use_cases.get_user.execute(uuid.UUID(principal.subject)))

    @router.get("/users", responses=documented(HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN))
    async def list_users(
        _: Annotated[Principal, Depends(admin)],
        page: Annotated[PageRequest, Depends(page_request)],
    ) -> PageOut[UserOut]:
        """Every user, oldest first (admins only)."""
        users = await use_cases.list_users.execute(page)
        return PageOut[UserOut](
            items=[UserOut.of(user) for user in users.items],
            total=users.total,
            offset=users.offset,
            limit=users.limit,
        )

    @router.patch("/users/{user_id}/role", responses=ADMIN_ON_USER)
    async def change_role(
        user_id: uuid.UUID,
        body: RoleIn,
        principal: Annotated[Principal, Depends(admin)],
    ) -> UserOut:
        """Make a user an admin or a plain user (admins only; not yourself)."""
        user = await use_cases.change_role.execute(
            ChangeRoleCommand(
                actor_id=uuid.UUID(principal.subject),
                user_id=user_id,
                role=body.role,
            )
        )
        return UserOut.of(user)

    @router.patch("/users/{user_id}/status", responses=ADMIN_ON_USER)
    async def change_status(
        user_id: uuid.UUID,
        body: StatusIn,
        principal: Annotated[Principal, Depends(admin)],
    ) -> UserOut:
        """Deactivate or reactivate a user (admins only; not yourself)."""
        user = await use_cases.change_status.execute(
            ChangeStatusCommand(
                actor_id=uuid.UUID(principal.subject),
                user_id=user_id,
                active=body.active,
            )
        )
        return UserOut.of(user)

    return router
