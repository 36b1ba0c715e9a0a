"""Optimistic concurrency over HTTP: a stale version is a 409, whether in If-Match or the body."""

import httpx

from tests.api.{{ unit.name }}.helpers import BASE, create, error_of


async def test_the_second_writer_of_the_same_version_gets_409_concurrent_update(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    created = await create(client, admin_headers, "Alpha")
    url = f"{BASE}/{created['id']}"
    read = await client.get(url, headers=admin_headers)
    seen = read.headers["ETag"]

    guarded = {**admin_headers, "If-Match": seen}

    first = await client.patch(url, json={"name": "First"}, headers=guarded)
    second = await client.patch(url, json={"name": "Second"}, headers=guarded)

    assert first.status_code == 200
    assert second.status_code == 409
    error = error_of(second)
    assert error["code"] == "concurrent_update"
    assert error["details"] == {"id": created["id"], "expected_version": 1}
    assert (await client.get(url, headers=admin_headers)).json()["name"] == "First"


async def test_a_stale_version_in_the_body_is_409_too(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    created = await create(client, admin_headers, "Alpha")
    url = f"{BASE}/{created['id']}"
    await client.post(f"{url}/activate", headers=admin_headers)

    response = await client.put(
        url,
        json={"name": "Beta", "description": "", "version": 1},
        headers=admin_headers,
    )

    assert response.status_code == 409
    assert error_of(response)["code"] == "concurrent_update"


async def test_a_stale_if_match_on_delete_or_status_change_is_409(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    created = await create(client, admin_headers, "Alpha")
    url = f"{BASE}/{created['id']}"
    stale = {**admin_headers, "If-Match": '"9"'}

    deleted = await client.delete(url, headers=stale)
    archived = await client.post(f"{url}/archive", headers=stale)

    assert (deleted.status_code, archived.status_code) == (409, 409)
    assert (await client.get(url, headers=admin_headers)).json()["status"] == "draft"


async def test_an_if_match_that_is_not_a_version_or_disagrees_with_the_body_is_422(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    created = await create(client, admin_headers, "Alpha")
    url = f"{BASE}/{created['id']}"

    garbled = await client.patch(url, json={}, headers={**admin_headers, "If-Match": "abc"})
    disagreeing = await client.patch(
        url,
        json={"version": 2},
        headers={**admin_headers, "If-Match": '"1"'},
    )

    for response in (garbled, disagreeing):
        assert response.status_code == 422
        error = error_of(response)
        assert error["code"] == "validation_error"
        assert error["details"]["errors"][0]["loc"] == ["header", "if-match"]
