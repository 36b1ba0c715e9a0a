"""Where Swagger UI signs users in: the URLs set explicitly, else the provider's discovery."""

from dataclasses import dataclass

import structlog

from {{ unit.infrastructure }}.signing_keys import (
    FETCH_ERRORS,
    ProviderDocuments,
)
from {{ unit.shared }}.settings import Settings

logger = structlog.get_logger(__name__)


@dataclass(frozen=True)
class SignInUrls:
    authorization: str
    token: str


class SignInEndpoints:
    """The authorization and token endpoints, discovered at first need and then kept."""

    def __init__(
        self,
        documents: ProviderDocuments,
        *,
        authorization_url: str | None = None,
        token_url: str | None = None,
    ) -> None:
        self._documents = documents
        self._authorization_url = authorization_url
        self._token_url = token_url
        self._urls: SignInUrls | None = None
        if authorization_url is not None and token_url is not None:
            self._urls = SignInUrls(authorization_url, token_url)

    @classmethod
    def from_settings(cls, settings: Settings) -> "SignInEndpoints | None":
        """None without an issuer: there is nowhere to sign in."""
        if settings.oidc_issuer is None:
            return None
        documents = ProviderDocuments(
            settings.oidc_issuer, timeout=settings.oidc_http_timeout_seconds
        )
        return cls(
            documents,
            authorization_url=settings.oidc_authorization_url,
            token_url=settings.oidc_token_url,
        )

    async def urls(self) -> SignInUrls | None:
        """The URLs; None while the provider cannot be asked (it is asked again next time)."""
        if self._urls is None:
            try:
                async with self._documents.client() as http:
                    authorization = self._authorization_url or await self._documents.endpoint(
                        http, "authorization_endpoint"
                    )
                    token = self._token_url or await self._documents.endpoint(
                        http, "token_endpoint"
                    )
            except FETCH_ERRORS as error:
                logger.warning(
                    "oidc_sign_in_endpoints_unavailable",
                    issuer=self._documents.issuer,
                    reason=type(error).__name__,
                )
                return None
            self._urls = SignInUrls(authorization, token)
        return self._urls
