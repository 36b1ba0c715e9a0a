{%- set wire = json_case(cookiecutter) -%}
import asyncio
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from fastapi import FastAPI

from {{ cookiecutter.package_name }}.api.errors import install_error_handlers
from {{ cookiecutter.package_name }}.api.health import build_health_router
from {{ cookiecutter.package_name }}.api.middleware import install_middleware
from {{ cookiecutter.package_name }}.main import create_app
from {{ cookiecutter.package_name }}.shared.settings import Settings


async def client_for(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def test_live_answers_ok(client: httpx.AsyncClient) -> None:
    response = await client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_ready_answers_ready_when_the_database_answers(client: httpx.AsyncClient) -> None:
    response = await client.get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


@pytest.fixture
async def app_without_database(
    settings: Settings, unreachable_database_url: Callable[[str], str]
) -> AsyncIterator[FastAPI]:
    url = unreachable_database_url(settings.database_url)
    app = create_app(settings.model_copy(update={"database_url": url}))
    async with app.router.lifespan_context(app):
        yield app


async def test_ready_is_503_in_the_envelope_when_the_database_is_down(
    app_without_database: FastAPI,
) -> None:
    async with await client_for(app_without_database) as http:
        response = await http.get("/health/ready")
        live = await http.get("/health/live")
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "unavailable"
    assert error["{{ wire.key("request_id") }}"] == response.headers["X-Request-ID"]
    assert live.status_code == 200


def probe_app(settings: Settings, check_seconds: float, timeout_seconds: float) -> FastAPI:
    async def slow_check() -> None:
        await asyncio.sleep(check_seconds)

    app = FastAPI()
    install_error_handlers(app)
    install_middleware(app, settings)
    app.include_router(build_health_router(slow_check, timeout_seconds=timeout_seconds))
    return app


async def test_ready_is_503_when_the_check_takes_too_long(settings: Settings) -> None:
    async with await client_for(probe_app(settings, 1.0, 0.05)) as http:
        response = await http.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "unavailable"


async def test_ready_waits_for_a_check_within_the_timeout(settings: Settings) -> None:
    async with await client_for(probe_app(settings, 0.01, 1.0)) as http:
        response = await http.get("/health/ready")
    assert response.status_code == 200
