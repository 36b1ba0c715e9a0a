"""Who may do what: reading needs {{ unit.name }}:read, writing {{ unit.name }}:write."""

import uuid

import httpx
import pytest

from tests.api.helpers import create, error_of
from tests.api.{{ unit.name }}.helpers import BASE
from tests.auth_fixtures import AUTHENTICATION_CHALLENGE

Call = tuple[str, str, dict[str, object] | None]

ID = uuid.UUID(int=1)
WRITES: list[Call] = [
    ("POST", BASE, {"name": "Alpha"}),
    ("PUT", f"{BASE}/{ID}", {"name": "Alpha", "description": ""}),
    ("PATCH", f"{BASE}/{ID}", {"name": "Alpha"}),
    ("DELETE", f"{BASE}/{ID}", None),
    ("POST", f"{BASE}/{ID}/activate", None),
    ("POST", f"{BASE}/{ID}/archive", None),
    ("POST", f"{BASE}/{ID}/quantity-adjustments", {"delta": 1}),
]
READS: list[Call] = [("GET", BASE, None), ("GET", f"{BASE}/{ID}", None)]


@pytest.mark.parametrize(("method", "url", "body"), READS + WRITES)
async def test_every_endpoint_is_401_without_credentials(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    body: dict[str, object] | None,
) -> None:
    response = await client.request(method, url, json=body)

    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthenticated"
    assert response.headers.get("WWW-Authenticate") == AUTHENTICATION_CHALLENGE


@pytest.mark.parametrize(("method", "url", "body"), WRITES)
async def test_a_plain_user_may_not_write(
    client: httpx.AsyncClient,
    user_headers: dict[str, str],
    method: str,
    url: str,
    body: dict[str, object] | None,
) -> None:
    response = await client.request(method, url, json=body, headers=user_headers)

    assert response.status_code == 403
    error = error_of(response)
    assert error["code"] == "forbidden"
    assert error["details"] == {"permission": "{{ unit.name }}:write"}


async def test_a_plain_user_may_read(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    user_headers: dict[str, str],
) -> None:
    created = await create(client, BASE, admin_headers, "Alpha")

    listed = await client.get(BASE, headers=user_headers)
    read = await client.get(f"{BASE}/{created['id']}", headers=user_headers)

    assert (listed.status_code, listed.json()["total"]) == (200, 1)
    assert (read.status_code, read.json()["name"]) == (200, "Alpha")


async def test_an_editor_may_write_and_read(
    client: httpx.AsyncClient, editor_headers: dict[str, str]
) -> None:
    created = await create(client, BASE, editor_headers, "Alpha")

    renamed = await client.patch(
        f"{BASE}/{created['id']}",
        json={"name": "Beta", "version": created["version"]},
        headers=editor_headers,
    )
    listed = await client.get(BASE, headers=editor_headers)

    assert (renamed.status_code, renamed.json()["name"]) == (200, "Beta")
    assert (listed.status_code, listed.json()["total"]) == (200, 1)
