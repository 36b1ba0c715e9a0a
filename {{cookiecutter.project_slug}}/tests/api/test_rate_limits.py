{%- set wire = json_case(cookiecutter) -%}
"""Rate limits on a small application: budgets, keys (user or client) and what a 429 says."""

from collections.abc import AsyncIterator
from typing import Annotated

import httpx
import pytest
from fastapi import Depends, FastAPI, Request
from prometheus_client import REGISTRY

from {{ cookiecutter.package_name }}.api.errors import install_error_handlers
from {{ cookiecutter.package_name }}.api.middleware import RequestContextMiddleware
from {{ cookiecutter.package_name }}.api.rate_limits import (
    RateLimiting,
    RateLimitMiddleware,
    charge_caller,
)
from {{ cookiecutter.package_name }}.infrastructure.rate_limit_store import InMemoryRateLimitStore
from {{ cookiecutter.package_name }}.shared.errors import AuthenticationError
from {{ cookiecutter.package_name }}.shared.rate_limits import Budget

CLIENT = ("198.51.100.7", 40000)
OTHER_CLIENT = ("203.0.113.8", 40000)


async def caller(request: Request) -> str | None:
    """Stands for the authorizer: a known user is charged on its own budget."""
    credentials = request.headers.get("authorization")
    if credentials is None:
        return None
    if credentials == "invalid":
        raise AuthenticationError("Authentication is required.")
    await charge_caller(credentials)
    return credentials


def small_app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/items")
    async def list_items(user: Annotated[str | None, Depends(caller)]) -> dict[str, str | None]:
        return {"user": user}

    @app.post("/items")
    async def add_item(user: Annotated[str | None, Depends(caller)]) -> dict[str, str | None]:
        return {"user": user}

    @app.get("/public")
    async def public() -> dict[str, str]:
        return {"public": "yes"}

    @app.post("/sign-in")
    async def sign_in() -> dict[str, str]:
        return {"signed": "in"}

    @app.get("/health/live")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    limits = RateLimiting(
        store=InMemoryRateLimitStore(),
        sign_in=Budget("sign-in", 1, 60),
        write=Budget("write", 2, 60),
        read=Budget("read", 3, 60),
    )
    limits.add_sign_in_path("/sign-in")
    app.add_middleware(RateLimitMiddleware, limits=limits, identifies_callers=True)
    app.add_middleware(RequestContextMiddleware)
    return app


@pytest.fixture
def app() -> FastAPI:
    return small_app()


@pytest.fixture
async def http(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=CLIENT)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def test_past_the_budget_a_429_tells_when_to_retry_in_the_envelope(
    http: httpx.AsyncClient,
) -> None:
    answers = [await http.get("/items") for _ in range(4)]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert answers[0].headers["RateLimit-Policy"] == '"read";q=3;w=60'
    assert answers[0].headers["RateLimit"].startswith('"read";r=2;t=')
    refused = answers[-1]
    assert refused.headers["RateLimit"].startswith('"read";r=0;t=')
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    error = refused.json()["error"]
    assert error["code"] == "rate_limited"
    assert error["{{ wire.key("request_id") }}"] == refused.headers["X-Request-ID"]
    assert error["details"] == {"policy": "read"}


async def test_reads_writes_and_sign_ins_have_budgets_of_their_own(
    http: httpx.AsyncClient,
) -> None:
    for _ in range(3):
        assert (await http.get("/items")).status_code == 200

    writes = [(await http.post("/items")).status_code for _ in range(3)]
    sign_ins = [(await http.post("/sign-in")).status_code for _ in range(2)]

    assert writes == [200, 200, 429]
    assert sign_ins == [200, 429]


async def test_each_client_address_has_its_own_budget(
    app: FastAPI, http: httpx.AsyncClient
) -> None:
    for _ in range(3):
        await http.get("/items")
    assert (await http.get("/items")).status_code == 429

    transport = httpx.ASGITransport(app=app, client=OTHER_CLIENT)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as other:
        assert (await other.get("/items")).status_code == 200


async def test_a_known_caller_counts_on_its_own_budget_not_its_address(
    http: httpx.AsyncClient,
) -> None:
    ada = {"Authorization": "ada"}
    answers = [(await http.get("/items", headers=ada)).status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]
    refused = await http.get("/items", headers=ada)
    assert refused.json()["error"]["code"] == "rate_limited"
    assert refused.headers.get_list("Retry-After") == [refused.headers["Retry-After"]]
    # The address's own budget and another user's are untouched.
    assert (await http.get("/items")).status_code == 200
    assert (await http.get("/items", headers={"Authorization": "grace"})).status_code == 200


async def test_credentials_nobody_checks_count_on_the_address(http: httpx.AsyncClient) -> None:
    bogus = {"Authorization": "invalid"}
    answers = [(await http.get("/items", headers=bogus)).status_code for _ in range(3)]
    public = await http.get("/public", headers={"Authorization": "anything"})

    assert answers == [401, 401, 401]
    assert public.status_code == 429
    assert public.json()["error"]["code"] == "rate_limited"


async def test_health_probes_are_not_counted(http: httpx.AsyncClient) -> None:
    for _ in range(5):
        answer = await http.get("/health/live")
        assert answer.status_code == 200
        assert "RateLimit" not in answer.headers


def rejections(policy: str) -> float:
    return REGISTRY.get_sample_value("rate_limit_rejections_total", {"policy": policy}) or 0.0


async def test_every_429_is_counted_by_its_budget(http: httpx.AsyncClient) -> None:
    before = {policy: rejections(policy) for policy in ("read", "write", "sign-in")}

    for _ in range(5):
        await http.get("/items", headers={"Authorization": "ada"})
    for _ in range(4):
        await http.get("/items")
    for _ in range(3):
        await http.post("/sign-in")

    # Ada's two refusals (her own budget), the address's one, and the last two sign-ins.
    assert {policy: rejections(policy) - before[policy] for policy in before} == {
        "read": 3.0,
        "write": 0.0,
        "sign-in": 2.0,
    }
