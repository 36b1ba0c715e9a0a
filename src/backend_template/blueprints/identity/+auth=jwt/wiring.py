"""Identity wiring for JWT: token adapters and use cases, mounted on /api/v1/identity.

The token keys are published at the root: /.well-known/jwks.json and
/.well-known/openid-configuration, so that other services can verify the access tokens.

Importing this module imports the user and refresh-token models: alembic sees their tables.
Run as a script, it is the administration module's create-admin command::

    python -m {{ unit.composition }} create-admin --email EMAIL
"""

from collections.abc import Sequence
from datetime import timedelta

import structlog
from fastapi import FastAPI

from {{ unit.api }}.router import IdentityUseCases, build_router
from {{ unit.api }}.users import UserUseCases
from {{ unit.api }}.well_known import (
    TokenIssuer,
    build_well_known_router,
)
from {{ unit.application }}.log_in import LogIn
from {{ unit.application }}.log_out import LogOut
from {{ unit.application }}.refresh_session import RefreshSession
from {{ unit.application }}.sessions import SessionIssuer
from {{ unit.package }}.composition.platform import Platform
from {{ unit.infrastructure }} import models  # noqa: F401
from {{ unit.infrastructure }}.administration import (
    ensure_admin,
    password_hasher,
    run_admin_command,
)
from {{ unit.infrastructure }}.jwt_codec import (
    JwtAccessTokenCodec,
)
from {{ unit.infrastructure }}.rate_limiter import (
    StoredLoginRateLimiter,
)
from {{ unit.infrastructure }}.unit_of_work import (
    unit_of_work_factory,
)

# ensure_admin is re-exported: tests and tooling create administrators through this module.
__all__ = ["ensure_admin", "install", "main"]

PREFIX = "/api/v1/identity"
COMMAND = "python -m {{ unit.composition }}"

logger = structlog.get_logger(__name__)


def install(app: FastAPI, platform: Platform) -> None:
    settings = platform.settings
    # A commit here may end a session or an account: callers are then resolved afresh.
    uow = unit_of_work_factory(platform.database, platform.authorizer.forget_principals)
    hasher = password_hasher(settings)
    codec = JwtAccessTokenCodec.from_settings(settings)
    if settings.uses_ephemeral_jwt_private_key:
        logger.warning(
            "jwt_private_key_unset",
            detail="tokens are signed with a key pair made for this process and die with it; "
            "set APP_JWT_PRIVATE_KEY",
        )
    sessions = SessionIssuer(
        codec, refresh_ttl=timedelta(seconds=settings.refresh_token_ttl_seconds)
    )
    platform.rate_limits.add_sign_in_path(f"{PREFIX}/token")
    limiter = StoredLoginRateLimiter.from_settings(settings, platform.rate_limits.store)
    use_cases = IdentityUseCases(
        users=UserUseCases.build(uow, hasher, platform.clock),
        log_in=LogIn(uow, hasher, sessions, limiter, platform.clock),
        refresh=RefreshSession(uow, sessions, platform.clock),
        log_out=LogOut(uow, platform.clock),
    )
    app.include_router(
        build_router(use_cases, platform.authorizer),
        prefix=PREFIX,
        tags=["identity"],
    )
    token_issuer = TokenIssuer(
        issuer=settings.jwt_token_issuer,
        algorithm=settings.jwt_algorithm,
        keys=codec.published_keys(),
        token_path=f"{PREFIX}/token",
        public_url=settings.jwt_public_issuer_url,
    )
    app.include_router(build_well_known_router(token_issuer))


def main(argv: Sequence[str] | None = None) -> int:
    return run_admin_command(COMMAND, argv)


if __name__ == "__main__":
    raise SystemExit(main())
