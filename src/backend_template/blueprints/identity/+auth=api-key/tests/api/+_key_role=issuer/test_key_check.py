"""The internal key check the other services call: only with the service secret, never public."""

import secrets
from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import SecretStr

from {{ unit.package }}.composition.auth import API_KEY_HEADER
from {{ unit.package }}.main import create_app
from {{ unit.shared }}.settings import Settings

# isort: split
from tests.api.helpers import error_of
from tests.auth_fixtures import IDENTITY

CHECK = "/internal/v1/identity/key"
SECRET = secrets.token_urlsafe(48)


@pytest.fixture
async def checked(settings: Settings, migrated_database: str) -> AsyncIterator[httpx.AsyncClient]:
    """The identity service as deployed beside the others: the service secret set."""
    configured = {
        "database_url": migrated_database,
        "key_verification_secret": SecretStr(SECRET),
    }
    application = create_app(settings.model_copy(update=configured))
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield http


def as_service(key: str, secret: str = SECRET) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}", API_KEY_HEADER: key}


async def test_a_valid_key_is_answered_with_its_id_and_scopes(
    checked: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    body = {"name": "reader", "scopes": ["catalog:read"]}
    created = await checked.post(f"{IDENTITY}/keys", json=body, headers=admin_headers)
    assert created.status_code == 201, created.text
    response = await checked.get(CHECK, headers=as_service(created.json()["key"]))
    assert response.status_code == 200, response.text
    assert response.json() == {"key_id": created.json()["id"], "scopes": ["catalog:read"]}
    assert response.headers["Cache-Control"] == "no-store"


async def test_a_revoked_or_unknown_key_is_401(
    checked: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    created = await checked.post(
        f"{IDENTITY}/keys", json={"name": "leaving", "scopes": ["*"]}, headers=admin_headers
    )
    revoked = await checked.post(
        f"{IDENTITY}/keys/{created.json()['id']}/revoke", headers=admin_headers
    )
    assert revoked.status_code == 200, revoked.text
    for key in (created.json()["key"], "not-a-key"):
        response = await checked.get(CHECK, headers=as_service(key))
        assert response.status_code == 401
        assert error_of(response)["code"] == "unauthenticated"


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Basic {SECRET}"])
async def test_without_the_service_secret_nobody_gets_an_answer(
    checked: httpx.AsyncClient, admin_headers: dict[str, str], authorization: str | None
) -> None:
    headers = {API_KEY_HEADER: admin_headers[API_KEY_HEADER]}
    if authorization:
        headers["Authorization"] = authorization
    response = await checked.get(CHECK, headers=headers)
    assert response.status_code == 403
    assert error_of(response)["code"] == "forbidden"


async def test_without_a_configured_secret_the_check_answers_nobody(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    response = await client.get(CHECK, headers=as_service(admin_headers[API_KEY_HEADER]))
    assert response.status_code == 403


async def test_the_check_is_not_part_of_the_public_api(checked: httpx.AsyncClient) -> None:
    paths = (await checked.get("/openapi.json")).json()["paths"]
    assert not [path for path in paths if path.startswith("/internal")]
