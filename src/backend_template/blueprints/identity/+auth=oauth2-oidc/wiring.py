"""Identity wiring for an external OAuth2/OIDC provider: no tables, no passwords.

Tokens are verified by the Authorizer the composition root builds (composition.auth). This
module mounts /api/v1/identity/me and sets Swagger UI up for the authorization code flow
with PKCE: register a public client named APP_OIDC_SWAGGER_CLIENT_ID at the provider, with
``<service URL>/docs/oauth2-redirect`` as its redirect URI. The sign-in URLs come from the
provider's discovery document unless APP_OIDC_AUTHORIZATION_URL / APP_OIDC_TOKEN_URL are set.
"""

from fastapi import FastAPI

from {{ unit.api }}.router import build_router
from {{ unit.api }}.sign_in_docs import SignInUrlsFromProvider
from {{ unit.infrastructure }}.sign_in import SignInEndpoints
from {{ unit.package }}.composition.platform import Platform

PREFIX = "/api/v1/identity"


def install(app: FastAPI, platform: Platform) -> None:
    settings = platform.settings
    app.swagger_ui_init_oauth = {
        "clientId": settings.oidc_swagger_client_id,
        "usePkceWithAuthorizationCodeGrant": True,
        "scopes": settings.oidc_swagger_scopes,
    }
    endpoints = SignInEndpoints.from_settings(settings)
    if endpoints is not None:
        app.add_middleware(SignInUrlsFromProvider, api=app, endpoints=endpoints)
    app.include_router(build_router(platform.authorizer), prefix=PREFIX, tags=["identity"])
