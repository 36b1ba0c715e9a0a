"""Identity wiring of a service whose API keys the identity service issues: no tables here.

Keys are verified by the Authorizer the composition root builds (composition.auth), which
asks the identity service (APP_IDENTITY_URL) about each key it has not seen lately. This
module mounts /api/v1/identity/me, the calling key as this service sees it, and closes the
connections to the identity service at shutdown.
"""

from fastapi import FastAPI

from {{ unit.api }}.router import build_router
from {{ unit.package }}.composition.platform import Platform
from {{ unit.infrastructure }}.principal import (
    RemoteApiKeyPrincipalResolver,
)

PREFIX = "/api/v1/identity"


def install(app: FastAPI, platform: Platform) -> None:
    resolver = platform.authorizer.resolver
    if isinstance(resolver, RemoteApiKeyPrincipalResolver):
        platform.closers.append(resolver.aclose)
    app.include_router(build_router(platform.authorizer), prefix=PREFIX, tags=["identity"])
