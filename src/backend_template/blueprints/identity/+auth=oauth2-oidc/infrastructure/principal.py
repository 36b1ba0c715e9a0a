"""Bearer tokens of the identity provider resolved to a Principal, for the api's Authorizer."""

from {{ unit.application }}.claims import ClaimsMapper
from {{ unit.application }}.identify_caller import (
    IdentifyCaller,
)
from {{ unit.domain }}.errors import (
    AuthenticationNotConfiguredError,
)
from {{ unit.infrastructure }}.key_cache import CachedKeySet
from {{ unit.infrastructure }}.signing_keys import (
    HttpKeySetSource,
)
from {{ unit.infrastructure }}.token_verifier import (
    OidcTokenVerifier,
)
from {{ unit.shared }}.security import Principal
from {{ unit.shared }}.settings import Settings


class OidcPrincipalResolver:
    """Verifies the token against the provider's keys, then maps its claims to our roles."""

    def __init__(self, identify_caller: IdentifyCaller) -> None:
        self._identify_caller = identify_caller

    @classmethod
    def from_settings(cls, settings: Settings) -> "OidcPrincipalResolver":
        if settings.oidc_issuer is None or settings.oidc_audience is None:
            msg = "APP_OIDC_ISSUER and APP_OIDC_AUDIENCE are required to verify tokens"
            raise ValueError(msg)
        source = HttpKeySetSource(settings.oidc_issuer, timeout=settings.oidc_http_timeout_seconds)
        keys = CachedKeySet(
            source,
            ttl=settings.oidc_jwks_cache_ttl_seconds,
            min_refresh_interval=settings.oidc_jwks_min_refresh_interval_seconds,
        )
        verifier = OidcTokenVerifier(
            keys,
            issuer=settings.oidc_issuer,
            audience=settings.oidc_audience,
            algorithms=settings.oidc_algorithms,
            leeway_seconds=settings.oidc_leeway_seconds,
            require_typed=settings.oidc_require_typed_access_tokens,
        )
        return cls(IdentifyCaller(verifier, claims_mapper(settings)))

    async def resolve(self, credentials: str) -> Principal:
        return await self._identify_caller.execute(credentials)


class UnconfiguredPrincipalResolver:
    """Stands in while no issuer is configured (never in production): nobody is authenticated."""

    async def resolve(self, credentials: str) -> Principal:
        del credentials
        raise AuthenticationNotConfiguredError


def claims_mapper(settings: Settings) -> ClaimsMapper:
    return ClaimsMapper(
        roles_claim=settings.oidc_roles_claim,
        scopes_claim=settings.oidc_scopes_claim,
        role_mapping=settings.oidc_role_mapping,
        scope_mapping=settings.oidc_scope_mapping,
    )
