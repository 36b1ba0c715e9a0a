"""HTTP endpoints about accounts: registration, the signed-in user and user administration."""

import uuid
from dataclasses import dataclass
from http import HTTPStatus
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, status

from {{ unit.api }}.user_schemas import (
    RegisterIn,
    RoleIn,
    StatusIn,
    UserOut,
)
from {{ unit.web }}.pagination import PageOut, offset_page, page_request
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
from {{ unit.application }}.ports import PasswordHasher, UnitOfWorkFactory
from {{ unit.application }}.register_user import (
    RegisterUser,
    RegisterUserCommand,
)
from {{ unit.shared }}.clock import Clock
from {{ unit.shared }}.pagination import PageRequest
from {{ unit.shared }}.security import Principal

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


@dataclass(frozen=True)
class UserUseCases:
    register: RegisterUser
    get_user: GetUser
    list_users: ListUsers
    change_role: ChangeRole
    change_status: ChangeStatus

    @classmethod
    def build(cls, uow: UnitOfWorkFactory, hasher: PasswordHasher, clock: Clock) -> "UserUseCases":
        return cls(
            register=RegisterUser(uow, hasher, clock),
            get_user=GetUser(uow),
            list_users=ListUsers(uow),
            change_role=ChangeRole(uow, clock),
            change_status=ChangeStatus(uow, clock),
        )


def documented(*statuses: HTTPStatus) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error envelopes an endpoint answers with."""
    return {int(status): {"description": status.phrase} for status in statuses}


ADMIN_ON_USER = documented(
    HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND, HTTPStatus.CONFLICT
)


def client_address(request: Request) -> str:
    """The client's address: the peer's, or what trusted proxies forwarded (APP_TRUSTED_PROXIES)."""
    return request.client.host if request.client else "unknown"


def build_users_router(use_cases: UserUseCases, authorizer: Authorizer) -> APIRouter:
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
        return offset_page(users, map(UserOut.of, users.items))

    @router.patch("/users/{user_id:uuid}/role", responses=ADMIN_ON_USER)
    async def change_role(
        user_id: uuid.UUID,
        body: RoleIn,
        principal: Annotated[Principal, Depends(admin)],
    ) -> UserOut:
        """Give a user a role: admin, editor or user (admins only; not yourself)."""
        user = await use_cases.change_role.execute(
            ChangeRoleCommand(
                actor_id=uuid.UUID(principal.subject),
                user_id=user_id,
                role=body.role,
            )
        )
        return UserOut.of(user)

    @router.patch("/users/{user_id:uuid}/status", responses=ADMIN_ON_USER)
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
