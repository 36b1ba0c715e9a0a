"""Identity wiring: builds the adapters and use cases and mounts them on /api/v1/identity.

Importing this module imports the identity ORM models, which registers their tables for alembic.

The first administrator is created (or an existing account promoted) from the command line;
the password is read from APP_ADMIN_PASSWORD, else asked for without echo, and is used only
when the account does not exist yet. Running it again changes nothing::

    python -m {{ unit.composition }} create-admin --email EMAIL
"""

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Sequence
from datetime import timedelta

from fastapi import FastAPI

from {{ unit.api }}.router import IdentityUseCases, build_router
from {{ unit.application }}.change_role import ChangeRole
from {{ unit.application }}.change_status import ChangeStatus
from {{ unit.application }}.ensure_admin import (
    EnsureAdmin,
    EnsureAdminCommand,
    EnsureAdminResult,
)
from {{ unit.application }}.get_user import GetUser
from {{ unit.application }}.list_users import ListUsers
from {{ unit.application }}.log_in import LogIn
from {{ unit.application }}.log_out import LogOut
from {{ unit.application }}.refresh_session import RefreshSession
from {{ unit.application }}.register_user import RegisterUser
from {{ unit.application }}.sessions import SessionIssuer
from {{ unit.package }}.composition.platform import Platform
from {{ unit.database }} import Database
from {{ unit.infrastructure }} import models  # noqa: F401
from {{ unit.infrastructure }}.jwt_codec import (
    JwtAccessTokenCodec,
)
from {{ unit.infrastructure }}.password_hasher import (
    Argon2PasswordHasher,
)
from {{ unit.infrastructure }}.rate_limiter import (
    InMemoryLoginRateLimiter,
)
from {{ unit.infrastructure }}.unit_of_work import (
    unit_of_work_factory,
)
from {{ unit.shared }}.clock import SystemClock
from {{ unit.shared }}.errors import AppError
from {{ unit.shared }}.logging import configure_logging
from {{ unit.shared }}.settings import Settings

PREFIX = "/api/v1/identity"
COMMAND = "python -m {{ unit.composition }}"
ADMIN_CREDENTIAL_ENV = "APP_ADMIN_PASSWORD"


def install(app: FastAPI, platform: Platform) -> None:
    settings = platform.settings
    uow = unit_of_work_factory(platform.database)
    hasher = password_hasher(settings)
    sessions = SessionIssuer(
        JwtAccessTokenCodec.from_settings(settings),
        refresh_ttl=timedelta(seconds=settings.refresh_token_ttl_seconds),
    )
    limiter = InMemoryLoginRateLimiter(
        max_attempts=settings.login_max_attempts,
        window_seconds=settings.login_window_seconds,
        clock=platform.clock,
    )
    use_cases = IdentityUseCases(
        register=RegisterUser(uow, hasher, platform.clock),
        log_in=LogIn(uow, hasher, sessions, limiter, platform.clock),
        refresh=RefreshSession(uow, sessions, platform.clock),
        log_out=LogOut(uow, platform.clock),
        get_user=GetUser(uow),
        list_users=ListUsers(uow),
        change_role=ChangeRole(uow, platform.clock),
        change_status=ChangeStatus(uow, platform.clock),
    )
    app.include_router(
        build_router(use_cases, platform.authorizer),
        prefix=PREFIX,
        tags=["identity"],
    )


def password_hasher(settings: Settings) -> Argon2PasswordHasher:
    return Argon2PasswordHasher(
        time_cost=settings.password_hash_time_cost,
        memory_cost=settings.password_hash_memory_kib,
    )


async def ensure_admin(
    database: Database, settings: Settings, email: str, password: str
) -> EnsureAdminResult:
    """Create the administrator ``email``, or promote (and reactivate) the existing account."""
    hasher = password_hasher(settings)
    use_case = EnsureAdmin(unit_of_work_factory(database), hasher, SystemClock())
    return await use_case.execute(EnsureAdminCommand(email=email, password=password))


async def _create_admin(settings: Settings, email: str, password: str) -> EnsureAdminResult:
    database = Database.from_settings(settings)
    try:
        return await ensure_admin(database, settings, email, password)
    finally:
        await database.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND)
    commands = parser.add_subparsers(dest="command", required=True)
    create_admin = commands.add_parser("create-admin", help="create or promote an administrator")
    create_admin.add_argument("--email", required=True)
    arguments = parser.parse_args(argv)
    settings = Settings()
    configure_logging(settings)
    password = os.environ.get(ADMIN_CREDENTIAL_ENV) or getpass.getpass("Password: ")
    try:
        result = asyncio.run(_create_admin(settings, arguments.email, password))
    except AppError as error:
        sys.stderr.write(f"error: {error.message}\n")
        return 1
    action = "created" if result.created else "promoted (password unchanged)"
    sys.stdout.write(f"admin {result.user.email} {action}: id {result.user.id}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
