"""Settings of OAuth2/OIDC authentication (a resource server), mixed into Settings.

Tokens come from an external identity provider (Keycloak, Auth0, Entra ID...): this service
keeps no passwords, it verifies signatures against the provider's published keys (JWKS).
``production_problems()`` lists the unsafe values Settings refuses to start in production with.
"""

from typing import Annotated
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, field_validator, model_validator
from pydantic_settings import NoDecode

from {{ cookiecutter.package_name }}.shared.security import ROLE_PERMISSIONS

# Public-key algorithms only: "none" and the HMAC family (HS*) would let anyone who knows the
# verification key (it is public) forge tokens, so they can never be configured.
ASYMMETRIC_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
DISCOVERY_PATH = "/.well-known/openid-configuration"
# The documented default scopes, as a platform team registers them for this API at the
# provider: the token's audience already names the API, so the scopes need no prefix.
DEFAULT_SCOPE_MAPPING = {"read": "user", "write": "editor", "admin": "admin"}
DEFAULT_ROLE_MAPPING = {"admin": "admin", "editor": "editor", "user": "user"}


def _is_web_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc) and not parts.fragment


class AuthSettings(BaseModel):
    oidc_issuer: str | None = Field(
        default=None,
        description="The provider's issuer URL, exactly as in the tokens' iss claim.",
    )
    oidc_audience: str | None = Field(
        default=None, description="This API's identifier, required in the tokens' aud claim."
    )
    oidc_algorithms: Annotated[list[str], NoDecode] = Field(default_factory=lambda: ["RS256"])
    oidc_leeway_seconds: int = Field(default=30, ge=0, le=300)
    oidc_require_typed_access_tokens: bool = Field(
        default=False,
        description="Accept only RFC 9068 access tokens (JOSE typ at+jwt); set it when the "
        "provider issues them. Off, untyped (JWT) access tokens pass too, ID tokens never.",
    )
    oidc_jwks_cache_ttl_seconds: int = Field(default=600, ge=1)
    # An unknown key id refetches the key set at most once per interval: a flood of tokens with
    # random key ids cannot hammer the provider.
    oidc_jwks_min_refresh_interval_seconds: float = Field(default=30.0, gt=0)
    oidc_http_timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    # Dotted paths into the claims: "roles" (Entra ID), "realm_access.roles" (Keycloak).
    oidc_roles_claim: str = Field(default="roles", min_length=1)
    oidc_scopes_claim: str = Field(default="scope", min_length=1)
    # Provider role (or scope) names -> this service's roles; anything unmapped grants nothing.
    oidc_role_mapping: dict[str, str] = Field(
        default_factory=lambda: dict(DEFAULT_ROLE_MAPPING),
        description="Provider roles (in the roles claim) -> this service's roles (JSON).",
    )
    oidc_scope_mapping: dict[str, str] = Field(
        default_factory=lambda: dict(DEFAULT_SCOPE_MAPPING),
        description="Scopes (in the scope claim) -> this service's roles (JSON). By default "
        "read -> user (reads), write -> editor (reads and writes), admin -> admin.",
    )
    oidc_authorization_url: str | None = Field(
        default=None,
        description="Where Swagger UI signs in; default: the discovery document's.",
    )
    oidc_token_url: str | None = Field(
        default=None,
        description="Where Swagger UI gets tokens; default: the discovery document's.",
    )
    oidc_swagger_client_id: str = "{{ cookiecutter.project_slug }}-docs"
    oidc_swagger_scopes: str = Field(
        default="openid profile read write",
        description="Scopes Swagger UI asks for: sign-in, and reading and writing this API.",
    )

    @field_validator("oidc_algorithms", mode="before")
    @classmethod
    def _split_algorithms(cls, value: object) -> object:
        if isinstance(value, str):
            return [name.strip() for name in value.split(",") if name.strip()]
        return value

    @field_validator("oidc_algorithms")
    @classmethod
    def _asymmetric_only(cls, value: list[str]) -> list[str]:
        if not value:
            msg = "APP_OIDC_ALGORITHMS must name at least one algorithm, e.g. RS256"
            raise ValueError(msg)
        for name in value:
            if name.lower() == "none" or name.upper().startswith("HS"):
                msg = (
                    f"APP_OIDC_ALGORITHMS may not contain {name}: unsigned and shared-secret "
                    "tokens are refused; use RS256, PS256, ES256 or EdDSA"
                )
                raise ValueError(msg)
            if name not in ASYMMETRIC_ALGORITHMS:
                choices = ", ".join(sorted(ASYMMETRIC_ALGORITHMS))
                msg = f"APP_OIDC_ALGORITHMS: unknown algorithm {name}; choose from {choices}"
                raise ValueError(msg)
        return list(dict.fromkeys(value))

    @field_validator("oidc_issuer", "oidc_authorization_url", "oidc_token_url")
    @classmethod
    def _web_url(cls, value: str | None) -> str | None:
        if value is not None and not _is_web_url(value):
            msg = "OIDC URLs must be absolute http(s) URLs without a fragment"
            raise ValueError(msg)
        return value

    @field_validator("oidc_role_mapping", "oidc_scope_mapping")
    @classmethod
    def _known_roles(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value.values()) - set(ROLE_PERMISSIONS))
        if unknown:
            known = ", ".join(sorted(ROLE_PERMISSIONS))
            msg = f"OIDC role mappings may only grant {known}; not {', '.join(unknown)}"
            raise ValueError(msg)
        return value

    @model_validator(mode="after")
    def _audience_names_the_api(self) -> "AuthSettings":
        if self.oidc_audience is not None and self.oidc_audience == self.oidc_swagger_client_id:
            # An ID token's aud is the client it was issued to: with the client's id as the
            # audience, the aud check alone would not tell ID tokens from access tokens.
            msg = (
                "APP_OIDC_AUDIENCE must be this API's identifier, not the Swagger client id "
                f"{self.oidc_swagger_client_id!r}"
            )
            raise ValueError(msg)
        return self

    @property
    def oidc_configured(self) -> bool:
        """Whether tokens can be verified: an issuer and an audience are set."""
        return bool(self.oidc_issuer and self.oidc_audience)

    def _issuer_base(self) -> str:
        return (self.oidc_issuer or "").rstrip("/")

    @property
    def oidc_discovery_url(self) -> str:
        return f"{self._issuer_base()}{DISCOVERY_PATH}"

    def production_problems(self) -> list[str]:
        """Why these settings are unsafe in production; empty when they are fine."""
        problems: list[str] = []
        if not self.oidc_issuer:
            problems.append("APP_OIDC_ISSUER must be set in production (the provider's issuer URL)")
        elif urlsplit(self.oidc_issuer).scheme != "https":
            problems.append("APP_OIDC_ISSUER must be an https:// URL in production")
        if not self.oidc_audience:
            problems.append("APP_OIDC_AUDIENCE must be set in production (this API's identifier)")
        for name, url in (
            ("APP_OIDC_AUTHORIZATION_URL", self.oidc_authorization_url),
            ("APP_OIDC_TOKEN_URL", self.oidc_token_url),
        ):
            if url is not None and urlsplit(url).scheme != "https":
                problems.append(f"{name} must be an https:// URL in production")
        return problems
