"""Conditional reads over HTTP: If-None-Match gives 304, and what a client may keep."""

import httpx

from tests.api.helpers import create
from tests.api.{{ unit.name }}.helpers import BASE

CREDENTIAL_HEADERS = {"authorization", "cookie", "x-api-key"}


def vary(response: httpx.Response) -> set[str]:
    return {name.strip().lower() for name in response.headers.get("Vary", "").split(",")}


async def test_a_current_etag_in_if_none_match_is_304_without_a_body(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    user_headers: dict[str, str],
) -> None:
    created = await create(client, BASE, admin_headers, "alpha")
    url = f"{BASE}/{created['id']}"

    for tag in ('"1"', 'W/"1"', '"7", "1"', "*"):
        response = await client.get(url, headers={**user_headers, "If-None-Match": tag})

        assert response.status_code == 304, tag
        assert response.content == b""
        assert response.headers["ETag"] == '"1"'
        assert response.headers["Cache-Control"] == "private, no-cache"


async def test_a_stale_etag_in_if_none_match_reads_the_current_version(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    user_headers: dict[str, str],
) -> None:
    created = await create(client, BASE, admin_headers, "alpha")
    url = f"{BASE}/{created['id']}"
    await client.patch(url, json={"name": "bravo"}, headers=admin_headers)

    response = await client.get(url, headers={**user_headers, "If-None-Match": '"1"'})

    assert response.status_code == 200
    assert (response.json()["name"], response.headers["ETag"]) == ("bravo", '"2"')


async def test_reads_may_be_kept_by_the_caller_only_and_vary_on_its_credentials(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    user_headers: dict[str, str],
) -> None:
    created = await create(client, BASE, admin_headers, "alpha")
    credentials = {name.lower() for name in user_headers} & CREDENTIAL_HEADERS

    for url in (BASE, f"{BASE}/{created['id']}"):
        response = await client.get(url, headers=user_headers)

        assert response.headers["Cache-Control"] == "private, no-cache"
        assert credentials <= vary(response)
