"""Identity wiring for server-side sessions: the session cookie, its use cases, /api/v1/identity.

Mounting it needs the user and session models, imported here so that alembic sees their tables.
The administration module's create-admin command runs through this module::

    python -m {{ unit.composition }} create-admin --email EMAIL
"""

from collections.abc import Sequence

from fastapi import FastAPI

from {{ unit.api }}.router import IdentityUseCases, build_router
from {{ unit.api }}.session_cookie import (
    SessionCookie,
    session_cookie_scheme,
)
from {{ unit.api }}.users import UserUseCases
from {{ unit.application }}.log_in import LogIn
from {{ unit.application }}.log_out import LogOut
from {{ unit.application }}.resolve_session import ResolveSession
from {{ unit.application }}.verify_csrf import VerifyCsrf
from {{ unit.package }}.composition.platform import Platform
from {{ unit.infrastructure }} import models  # noqa: F401
from {{ unit.infrastructure }}.administration import (
    ensure_admin,
    password_hasher,
    run_admin_command,
)
from {{ unit.infrastructure }}.rate_limiter import (
    StoredLoginRateLimiter,
)
from {{ unit.infrastructure }}.session_settings import session_policy
from {{ unit.infrastructure }}.unit_of_work import (
    unit_of_work_factory,
)

# ensure_admin is re-exported: tests and tooling create administrators through this module.
__all__ = ["ensure_admin", "install", "main"]

PREFIX = "/api/v1/identity"
COMMAND = "python -m {{ unit.composition }}"


def install(app: FastAPI, platform: Platform) -> None:
    settings = platform.settings
    # A commit here may end a session or an account: callers are then resolved afresh.
    uow = unit_of_work_factory(platform.database, platform.authorizer.forget_principals)
    hasher = password_hasher(settings)
    policy = session_policy(settings)
    platform.rate_limits.add_sign_in_path(f"{PREFIX}/login")
    limiter = StoredLoginRateLimiter.from_settings(settings, platform.rate_limits.store)
    use_cases = IdentityUseCases(
        users=UserUseCases.build(uow, hasher, platform.clock),
        log_in=LogIn(uow, hasher, limiter, platform.clock, policy),
        log_out=LogOut(uow),
        resolve_session=ResolveSession(uow, platform.clock, policy),
    )
    cookie = SessionCookie.from_settings(settings)
    session_id = session_cookie_scheme(cookie.name, VerifyCsrf(uow))
    app.include_router(
        build_router(use_cases, platform.authorizer, cookie, session_id),
        prefix=PREFIX,
        tags=["identity"],
    )


def main(argv: Sequence[str] | None = None) -> int:
    return run_admin_command(COMMAND, argv)


if __name__ == "__main__":
    raise SystemExit(main())
