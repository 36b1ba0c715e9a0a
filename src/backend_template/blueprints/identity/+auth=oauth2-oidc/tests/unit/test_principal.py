"""The resolver the Authorizer uses: built from settings, it needs an issuer and an audience."""

import pytest

from {{ unit.infrastructure }}.principal import (
    OidcPrincipalResolver,
)
from {{ unit.shared }}.settings import Settings

from tests.oidc_provider import LocalIssuer


def test_a_resolver_cannot_be_built_without_an_issuer(settings: Settings) -> None:
    with pytest.raises(ValueError, match="APP_OIDC_ISSUER and APP_OIDC_AUDIENCE are required"):
        OidcPrincipalResolver.from_settings(settings.model_copy(update={"oidc_audience": None}))


async def test_the_resolver_maps_a_verified_token_to_a_principal(
    settings: Settings, oidc_issuer: LocalIssuer
) -> None:
    resolver = OidcPrincipalResolver.from_settings(settings)

    principal = await resolver.resolve(oidc_issuer.mint(roles=["admin"], claims={"sub": "ada"}))

    assert (principal.subject, principal.roles) == ("ada", frozenset({"admin"}))
    assert principal.can("identity:admin")
