import httpx
import pytest
from fastapi import FastAPI

from {{ cookiecutter.package_name }}.main import create_app
from {{ cookiecutter.package_name }}.shared.settings import Settings

ORIGIN = "https://app.example"


@pytest.mark.usefixtures("migrated_database")
async def test_configured_origins_may_call_the_api_and_read_the_request_id(
    settings: Settings,
) -> None:
    app: FastAPI = create_app(settings.model_copy(update={"cors_origins": [ORIGIN]}))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        preflight = await http.options(
            "/health/live",
            headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"},
        )
        simple = await http.get("/health/live", headers={"Origin": ORIGIN})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "X-Request-ID" in preflight.headers
    assert simple.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "x-request-id" in simple.headers["Access-Control-Expose-Headers"].lower()


async def test_without_configured_origins_no_cors_headers_are_sent(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/health/live", headers={"Origin": ORIGIN})
    assert "Access-Control-Allow-Origin" not in response.headers
