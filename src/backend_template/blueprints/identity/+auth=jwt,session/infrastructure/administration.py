"""The create-admin command: the first administrator, created (or promoted) from a shell.

The password is read from APP_ADMIN_PASSWORD, else asked for without echo, and is used only
when the account does not exist yet. Running it again changes nothing.
"""

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Sequence

from {{ unit.application }}.ensure_admin import (
    EnsureAdmin,
    EnsureAdminCommand,
    EnsureAdminResult,
)
from {{ unit.database }} import Database
from {{ unit.infrastructure }}.password_hasher import (
    Argon2PasswordHasher,
)
from {{ unit.infrastructure }}.unit_of_work import (
    unit_of_work_factory,
)
from {{ unit.shared }}.clock import SystemClock
from {{ unit.shared }}.errors import AppError
from {{ unit.shared }}.logging import configure_logging
from {{ unit.shared }}.settings import Settings

ADMIN_CREDENTIAL_ENV = "APP_ADMIN_PASSWORD"


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


def run_admin_command(prog: str, argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the command; exit status 1, with one line on stderr, if refused."""
    parser = argparse.ArgumentParser(prog=prog)
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
