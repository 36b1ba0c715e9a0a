"""Settings of OIDC authentication: what production refuses, and algorithms never allowed."""

import pytest
from pydantic import ValidationError

from {{ cookiecutter.package_name }}.shared.settings import Environment, Settings

pytestmark = pytest.mark.usefixtures("clean_app_environment")

ISSUER = "https://idp.example.com/realms/main"


def test_production_refuses_to_start_without_issuer_and_audience() -> None:
    with pytest.raises(ValidationError) as error:
        Settings(_env_file=None, environment=Environment.PRODUCTION)
    assert "APP_OIDC_ISSUER must be set in production" in str(error.value)
    assert "APP_OIDC_AUDIENCE must be set in production" in str(error.value)


def test_production_refuses_a_plain_http_issuer() -> None:
    with pytest.raises(ValidationError, match="APP_OIDC_ISSUER must be an https:// URL"):
        Settings(
            _env_file=None,
            environment=Environment.PRODUCTION,
            oidc_issuer="http://idp.example.com/realms/main",
            oidc_audience="api",
        )


def test_production_refuses_plain_http_sign_in_endpoints() -> None:
    with pytest.raises(ValidationError, match="APP_OIDC_TOKEN_URL must be an https:// URL"):
        Settings(
            _env_file=None,
            environment=Environment.PRODUCTION,
            oidc_issuer=ISSUER,
            oidc_audience="api",
            oidc_token_url="http://idp.example.com/token",
        )


def test_production_starts_with_an_https_issuer_and_an_audience() -> None:
    configured = Settings(
        _env_file=None, environment=Environment.PRODUCTION, oidc_issuer=ISSUER, oidc_audience="api"
    )
    assert configured.is_production
    assert configured.oidc_configured
    assert configured.oidc_algorithms == ["RS256"]


@pytest.mark.parametrize("algorithm", ["none", "None", "HS256", "hs384", "HS512"])
def test_unsigned_and_shared_secret_algorithms_are_refused_everywhere(algorithm: str) -> None:
    for environment in Environment:
        with pytest.raises(ValidationError, match="unsigned and shared-secret tokens are refused"):
            Settings(_env_file=None, environment=environment, oidc_algorithms=["RS256", algorithm])


def test_unknown_or_no_algorithms_are_refused() -> None:
    with pytest.raises(ValidationError, match="unknown algorithm RS1"):
        Settings(_env_file=None, oidc_algorithms=["RS1"])
    with pytest.raises(ValidationError, match="at least one algorithm"):
        Settings(_env_file=None, oidc_algorithms=[])


def test_algorithms_and_mappings_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("APP_OIDC_ALGORITHMS", "RS256, ES256")
    monkeypatch.setenv("APP_OIDC_ROLE_MAPPING", '{"realm-admin": "admin"}')
    monkeypatch.setenv("APP_OIDC_ROLES_CLAIM", "realm_access.roles")
    configured = Settings(_env_file=None)
    assert configured.oidc_algorithms == ["RS256", "ES256"]
    assert configured.oidc_role_mapping == {"realm-admin": "admin"}
    assert configured.oidc_roles_claim == "realm_access.roles"


def test_a_mapping_to_a_role_we_do_not_have_is_refused() -> None:
    with pytest.raises(ValidationError, match="may only grant admin, editor, user; not root"):
        Settings(_env_file=None, oidc_role_mapping={"idp-root": "root"})


@pytest.mark.parametrize("url", ["idp.example.com", "ftp://idp.example.com", "https://x/#f"])
def test_an_issuer_that_is_not_a_web_url_is_refused(url: str) -> None:
    with pytest.raises(ValidationError, match="absolute http"):
        Settings(_env_file=None, oidc_issuer=url)


def test_the_documented_scopes_and_roles_are_mapped_by_default() -> None:
    defaults = Settings(_env_file=None)
    assert defaults.oidc_scope_mapping == {"read": "user", "write": "editor", "admin": "admin"}
    assert defaults.oidc_role_mapping == {"admin": "admin", "editor": "editor", "user": "user"}
    assert defaults.oidc_discovery_url == "/.well-known/openid-configuration"
    assert Settings(_env_file=None, oidc_issuer=ISSUER + "/").oidc_discovery_url == (
        f"{ISSUER}/.well-known/openid-configuration"
    )


def test_the_audience_may_not_be_the_docs_client() -> None:
    with pytest.raises(ValidationError, match="APP_OIDC_AUDIENCE must be this API's identifier"):
        Settings(_env_file=None, oidc_audience="docs", oidc_swagger_client_id="docs")
