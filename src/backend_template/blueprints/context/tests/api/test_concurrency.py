{%- set wire = json_case(cookiecutter) -%}
"""Optimistic concurrency over HTTP: a stale If-Match is 412, a stale version in the body 409."""

import httpx

from tests.api.helpers import create, error_of
from tests.api.{{ unit.name }}.helpers import BASE


async def test_the_second_writer_of_the_same_etag_gets_412_precondition_failed(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    created = await create(client, BASE, admin_headers, "Alpha")
    url = f"{BASE}/{created['id']}"
    read = await client.get(url, headers=admin_headers)
    seen = read.headers["ETag"]

    guarded = {**admin_headers, "If-Match": seen}

    first = await client.patch(url, json={"name": "First"}, headers=guarded)
    second = await client.patch(url, json={"name": "Second"}, headers=guarded)

    assert first.status_code == 200
    assert second.status_code == 412
    error = error_of(second)
    assert error["code"] == "precondition_failed"
    assert error["details"] == {"id": created["id"], "expected_version": 1}
    assert (await client.get(url, headers=admin_headers)).json()["name"] == "First"


async def test_a_stale_version_in_the_body_is_409_concurrent_update(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    created = await create(client, BASE, admin_headers, "Alpha")
    url = f"{BASE}/{created['id']}"
    await client.post(f"{url}/activate", headers=admin_headers)

    response = await client.put(
        url,
        json={"name": "Beta", "description": "", "version": 1},
        headers=admin_headers,
    )

    assert response.status_code == 409
    assert error_of(response)["code"] == "concurrent_update"


async def test_a_stale_if_match_on_delete_or_status_change_is_412(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    created = await create(client, BASE, admin_headers, "Alpha")
    url = f"{BASE}/{created['id']}"
    stale = {**admin_headers, "If-Match": '"9"'}

    deleted = await client.delete(url, headers=stale)
    archived = await client.post(f"{url}/archive", headers=stale)

    assert (deleted.status_code, archived.status_code) == (412, 412)
    assert (await client.get(url, headers=admin_headers)).json()["status"] == "draft"


async def test_if_match_star_holds_for_any_version_and_a_weak_tag_for_none(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    created = await create(client, BASE, admin_headers, "Alpha")
    url = f"{BASE}/{created['id']}"
    await client.post(f"{url}/activate", headers=admin_headers)
    anything = {**admin_headers, "If-Match": "*"}
    weak_tag = {**admin_headers, "If-Match": 'W/"3"'}

    renamed = await client.patch(url, json={"name": "Beta"}, headers=anything)
    renamed_again = await client.patch(url, json={"name": "Gamma"}, headers=weak_tag)

    assert (renamed.status_code, renamed.json()["version"]) == (200, 3)
    assert renamed_again.status_code == 412


async def test_an_if_match_that_is_not_an_entity_tag_is_422(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    created = await create(client, BASE, admin_headers, "Alpha")
    url = f"{BASE}/{created['id']}"

    garbled = await client.patch(url, json={}, headers={**admin_headers, "If-Match": "abc"})

    assert garbled.status_code == 422
    error = error_of(garbled)
    assert error["code"] == "validation_error"
    assert error["details"]["errors"][0]["loc"] == ["header", "if-match"]


async def test_an_if_match_that_disagrees_with_the_body_is_412(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    created = await create(client, BASE, admin_headers, "Alpha")
    url = f"{BASE}/{created['id']}"

    disagreeing = await client.patch(
        url,
        json={"version": 2},
        headers={**admin_headers, "If-Match": '"1"'},
    )

    assert disagreeing.status_code == 412
    assert error_of(disagreeing)["details"] == {"{{ wire.key("if_match") }}": 1, "version": 2}
