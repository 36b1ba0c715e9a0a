{%- set wire = json_case(cookiecutter) -%}
"""Edge defaults of the application as deployed: security headers, body and time limits, gzip."""

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI, Request

from {{ cookiecutter.package_name }}.api.edge import SecurityHeadersMiddleware
from {{ cookiecutter.package_name }}.main import create_app
from {{ cookiecutter.package_name }}.shared.settings import Settings

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


@pytest.mark.parametrize("path", ["/health/live", "/openapi.json", "/no-such-route"])
async def test_api_responses_forbid_everything_a_page_could_do(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path)

    assert response.headers["Content-Security-Policy"] == API_CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "Strict-Transport-Security" not in response.headers


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
async def test_the_documentation_pages_may_load_their_scripts_and_styles(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path)
    policy = response.headers["Content-Security-Policy"]

    assert response.status_code == 200
    assert "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net" in policy
    assert "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net" in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


async def test_every_counted_route_tells_its_rate_limit(client: httpx.AsyncClient) -> None:
    response = await client.get("/openapi.json")

    assert response.headers["RateLimit-Policy"].startswith('"read";q=')
    assert response.headers["RateLimit"].startswith('"read";r=')


async def test_large_responses_are_compressed_for_clients_that_accept_it(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/openapi.json", headers={"Accept-Encoding": "gzip"})

    assert response.headers["Content-Encoding"] == "gzip"
    assert response.json()["openapi"]


@pytest.fixture
async def limited_app(settings: Settings, migrated_database: str) -> FastAPI:
    app = create_app(
        settings.model_copy(
            update={
                "database_url": migrated_database,
                "max_request_body_bytes": 64,
                "request_timeout_seconds": 0.2,
            }
        )
    )

    @app.get("/slow")
    async def slow() -> dict[str, str]:
        await asyncio.sleep(5)
        return {"too": "late"}

    @app.post("/echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"bytes": len(await request.body())}

    return app


@pytest.fixture
async def limited(limited_app: FastAPI) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=limited_app)
    return httpx.AsyncClient(transport=transport, base_url="http://test")


async def test_a_body_over_the_limit_gets_413_in_the_envelope(
    limited: httpx.AsyncClient,
) -> None:
    async with limited:
        declared = await limited.post("/no-such-route", content=b"x" * 65)

        async def chunks() -> AsyncIterator[bytes]:
            for _ in range(3):
                yield b"y" * 40

        streamed = await limited.post("/echo", content=chunks())

    assert declared.status_code == 413
    assert declared.json()["error"]["code"] == "payload_too_large"
    assert declared.json()["error"]["{{ wire.key("request_id") }}"] == declared.headers["X-Request-ID"]
    assert declared.headers["Content-Security-Policy"] == API_CSP
    assert streamed.status_code == 413
    assert streamed.json()["error"]["code"] == "payload_too_large"


async def test_a_request_past_the_time_limit_gets_503_with_retry_after(
    limited: httpx.AsyncClient, settings: Settings
) -> None:
    async with limited:
        response = await limited.get("/slow")

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "timeout"
    assert response.headers["Retry-After"] == str(settings.unavailable_retry_after_seconds)


async def test_production_adds_strict_transport_security() -> None:
    app = FastAPI()

    @app.get("/")
    async def root() -> dict[str, str]:
        return {}

    app.add_middleware(SecurityHeadersMiddleware, hsts=True)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://test") as http:
        response = await http.get("/")

    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
