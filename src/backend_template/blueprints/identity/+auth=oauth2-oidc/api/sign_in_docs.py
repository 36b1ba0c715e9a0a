"""The OpenAPI document's OAuth2 sign-in URLs, taken from the provider before it is served."""

from typing import Any

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from {{ unit.infrastructure }}.sign_in import (
    SignInEndpoints,
    SignInUrls,
)


def write_sign_in_urls(document: dict[str, Any], urls: SignInUrls) -> None:
    """Point every authorization code flow of the document's security schemes at ``urls``."""
    schemes = document.get("components", {}).get("securitySchemes", {})
    for scheme in schemes.values():
        flow = scheme.get("flows", {}).get("authorizationCode")
        if isinstance(flow, dict):
            flow["authorizationUrl"] = urls.authorization
            flow["tokenUrl"] = urls.token


class SignInUrlsFromProvider:
    """ASGI middleware: a request for the OpenAPI document first resolves the sign-in URLs.

    The document is generated once and cached by FastAPI; the URLs are written into that
    cached document, so discovery (bounded by the HTTP timeout) runs only for the document,
    never for API requests, and not at all while nobody opens the docs.
    """

    def __init__(self, app: ASGIApp, *, api: FastAPI, endpoints: SignInEndpoints) -> None:
        self._app = app
        self._api = api
        self._endpoints = endpoints

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        openapi_url = self._api.openapi_url
        # endswith: behind a proxy the path may carry its root_path prefix.
        if scope["type"] == "http" and openapi_url and scope["path"].endswith(openapi_url):
            urls = await self._endpoints.urls()
            if urls is not None:
                write_sign_in_urls(self._api.openapi(), urls)
        await self._app(scope, receive, send)
