{%- set wire = json_case(cookiecutter) -%}
"""Every failure answers in one envelope: {"error": {code, message, details, request_id}}."""

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated

import httpx
import pytest
from fastapi import FastAPI, Query

from {{ cookiecutter.package_name }}.shared.errors import (
    ConcurrentUpdateError,
    NotFoundError,
    RateLimitedError,
    RuleViolationError,
)

# The probes add routes to the application: each test gets one of its own.
pytestmark = pytest.mark.own_app

SECRET_IN_TRACEBACK = "db-password-must-not-leak"


@pytest.fixture
async def probe_app(app: FastAPI) -> FastAPI:
    """The real application plus routes that fail in each way the handlers know."""

    async def crash() -> None:
        raise RuntimeError(SECRET_IN_TRACEBACK)

    async def missing() -> None:
        msg = "Product 7 does not exist."
        raise NotFoundError(msg, details={"id": 7})

    async def stale() -> None:
        msg = "Someone else changed it first."
        raise ConcurrentUpdateError(msg)

    async def broken_rule() -> None:
        msg = "A price cannot be negative."
        raise RuleViolationError(msg)

    async def too_many() -> None:
        msg = "Slow down."
        raise RateLimitedError(msg, retry_after=30)

    async def echo(count: Annotated[int, Query(ge=1)]) -> dict[str, int]:
        return {"count": count}

    routes: dict[str, Callable[..., Awaitable[object]]] = {
        "/probe/crash": crash,
        "/probe/missing": missing,
        "/probe/stale": stale,
        "/probe/rule": broken_rule,
        "/probe/limited": too_many,
        "/probe/echo": echo,
    }
    for path, endpoint in routes.items():
        app.add_api_route(path, endpoint, methods=["GET"])
    return app


@pytest.fixture
async def probe(probe_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    # An unexpected error is answered and logged once, never raised again for the server.
    transport = httpx.ASGITransport(app=probe_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


def envelope(response: httpx.Response) -> dict[str, object]:
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert isinstance(error, dict)
    assert set(error) == {"code", "message", "details", "{{ wire.key("request_id") }}"}
    assert error["{{ wire.key("request_id") }}"] == response.headers["X-Request-ID"]
    return error


async def test_an_unknown_route_is_a_404_envelope(probe: httpx.AsyncClient) -> None:
    response = await probe.get("/no/such/route")
    assert response.status_code == 404
    assert envelope(response)["code"] == "not_found"


async def test_a_wrong_method_is_a_405_envelope(probe: httpx.AsyncClient) -> None:
    response = await probe.post("/health/live")
    assert response.status_code == 405
    assert envelope(response)["code"] == "method_not_allowed"
    assert "GET" in response.headers["Allow"]


async def test_a_405_allows_every_method_of_the_path_not_only_the_first_routes(
    probe_app: FastAPI, probe: httpx.AsyncClient
) -> None:
    async def replace() -> None:
        """Served at the same path as GET, by a route of its own."""

    probe_app.add_api_route("/probe/echo", replace, methods=["PUT"])

    response = await probe.delete("/probe/echo")

    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD, PUT"


async def test_invalid_input_is_a_422_envelope_listing_the_fields(
    probe: httpx.AsyncClient,
) -> None:
    response = await probe.get("/probe/echo", params={"count": "zero"})
    assert response.status_code == 422
    error = envelope(response)
    assert error["code"] == "validation_error"
    details = error["details"]
    assert isinstance(details, dict)
    assert details["errors"][0]["loc"] == ["query", "count"]
    assert "zero" not in response.text


async def test_valid_input_passes(probe: httpx.AsyncClient) -> None:
    response = await probe.get("/probe/echo", params={"count": "3"})
    assert response.status_code == 200
    assert response.json() == {"count": 3}


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/probe/missing", 404, "not_found"),
        ("/probe/stale", 409, "concurrent_update"),
        ("/probe/rule", 422, "rule_violation"),
        ("/probe/limited", 429, "rate_limited"),
    ],
)
async def test_application_errors_map_to_their_status(
    probe: httpx.AsyncClient, path: str, status: int, code: str
) -> None:
    response = await probe.get(path)
    assert response.status_code == status
    assert envelope(response)["code"] == code


async def test_not_found_keeps_its_message_and_details(probe: httpx.AsyncClient) -> None:
    error = envelope(await probe.get("/probe/missing"))
    assert error["message"] == "Product 7 does not exist."
    assert error["details"] == {"id": 7}


async def test_rate_limited_says_when_to_retry(probe: httpx.AsyncClient) -> None:
    response = await probe.get("/probe/limited")
    assert response.headers["Retry-After"] == "30"


async def test_an_unexpected_error_is_a_500_without_internals(probe: httpx.AsyncClient) -> None:
    response = await probe.get("/probe/crash", headers={"X-Request-ID": "trace-me"})
    assert response.status_code == 500
    error = envelope(response)
    assert error["code"] == "internal_error"
    assert error["{{ wire.key("request_id") }}"] == "trace-me"
    assert SECRET_IN_TRACEBACK not in response.text
    assert "Traceback" not in response.text
