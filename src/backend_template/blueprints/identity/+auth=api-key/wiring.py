"""Identity wiring: builds the adapters and use cases and mounts them on /api/v1/identity.

Importing this module imports the identity ORM models, which registers their tables for alembic.

There are no users or passwords: callers are API keys. The first key (scope ``*``) is issued
from the command line, which prints it once; each run issues one more key::

    python -m {{ unit.composition }} create-admin-key --name NAME
"""

import argparse
import asyncio
import sys
from collections.abc import Sequence
from datetime import datetime

from fastapi import FastAPI

from {{ unit.api }}.router import IdentityUseCases, build_router
{%- if cookiecutter._key_role == "issuer" %}
from {{ unit.api }}.key_check import KEY_CHECK_PREFIX, build_key_check_router
from {{ unit.infrastructure }}.principal import ApiKeyPrincipalResolver
{%- endif %}
from {{ unit.application }}.create_key import (
    CreateApiKey,
    CreateApiKeyCommand,
)
from {{ unit.application }}.dto import IssuedApiKey
from {{ unit.application }}.get_key import GetApiKey
from {{ unit.application }}.key_minting import KeyMinter
from {{ unit.application }}.list_keys import ListApiKeys
from {{ unit.application }}.revoke_key import RevokeApiKey
from {{ unit.application }}.rotate_key import RotateApiKey
from {{ unit.package }}.composition.platform import Platform
from {{ unit.database }} import Database
from {{ unit.infrastructure }} import models  # noqa: F401
from {{ unit.infrastructure }}.key_hasher import HmacKeyHasher
from {{ unit.infrastructure }}.unit_of_work import (
    unit_of_work_factory,
)
from {{ unit.shared }}.clock import Clock, SystemClock
from {{ unit.shared }}.errors import AppError
from {{ unit.shared }}.logging import configure_logging
from {{ unit.shared }}.security import WILDCARD
from {{ unit.shared }}.settings import Settings

PREFIX = "/api/v1/identity"
COMMAND = "python -m {{ unit.composition }}"


def key_minter(settings: Settings) -> KeyMinter:
    return KeyMinter(HmacKeyHasher.from_settings(settings), settings.api_key_prefix)


def install(app: FastAPI, platform: Platform) -> None:
    settings = platform.settings
    # A commit here may end a session or an account: callers are then resolved afresh.
    uow = unit_of_work_factory(platform.database, platform.authorizer.forget_principals)
    minter = key_minter(settings)
    use_cases = IdentityUseCases(
        create_key=CreateApiKey(uow, minter, platform.clock),
        list_keys=ListApiKeys(uow),
        get_key=GetApiKey(uow),
        revoke_key=RevokeApiKey(uow, platform.clock),
        rotate_key=RotateApiKey(uow, minter, platform.clock),
    )
    app.include_router(
        build_router(use_cases, platform.authorizer),
        prefix=PREFIX,
        tags=["identity"],
    )
{%- if cookiecutter._key_role == "issuer" %}
    # The other services' key check, outside /api and its rate limits: only callers holding
    # APP_KEY_VERIFICATION_SECRET reach it, and each asks on behalf of many callers.
    resolver = ApiKeyPrincipalResolver.from_settings(settings, platform.database, platform.clock)
    platform.rate_limits.exempt_prefixes += (KEY_CHECK_PREFIX,)
    app.include_router(
        build_key_check_router(resolver.resolve, settings.key_verification_secret),
        prefix=KEY_CHECK_PREFIX,
    )
{%- endif %}


async def issue_key(
    database: Database,
    settings: Settings,
    *,
    name: str,
    scopes: Sequence[str],
    expires_at: datetime | None = None,
    clock: Clock | None = None,
) -> IssuedApiKey:
    """Issue a key straight through the use case (the command line, test fixtures)."""
    use_case = CreateApiKey(
        unit_of_work_factory(database), key_minter(settings), clock or SystemClock()
    )
    command = CreateApiKeyCommand(name=name, scopes=scopes, expires_at=expires_at)
    return await use_case.execute(command)


async def _create_admin_key(settings: Settings, name: str) -> IssuedApiKey:
    database = Database.from_settings(settings)
    try:
        return await issue_key(database, settings, name=name, scopes=[WILDCARD])
    finally:
        await database.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND)
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-admin-key", help="issue a key with every permission")
    create.add_argument("--name", required=True, help="what the key is for, shown in listings")
    arguments = parser.parse_args(argv)
    settings = Settings()
    configure_logging(settings)
    try:
        issued = asyncio.run(_create_admin_key(settings, arguments.name))
    except AppError as error:
        sys.stderr.write(f"error: {error.message}\n")
        return 1
    sys.stderr.write(
        f"API key {issued.view.key_id} ({issued.view.name!r}, scope *) issued: "
        "store it now, it is shown only once\n"
    )
    sys.stdout.write(f"{issued.key}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
