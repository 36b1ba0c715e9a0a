{%- set wire = json_case(cookiecutter) -%}
"""Strict queries, filter operators and keyset paging over HTTP."""

from typing import Any

import httpx
import pytest

from tests.api.helpers import create, error_of
from tests.api.{{ unit.name }}.helpers import BASE, names, page


@pytest.fixture
async def five(client: httpx.AsyncClient, admin_headers: dict[str, str]) -> None:
    """Five of them, created in this order; then delta is activated and bravo archived."""
    ids = {
        name: (await create(client, BASE, admin_headers, name, quantity=quantity))["id"]
        for name, quantity in (
            ("charlie", 1),
            ("alpha", 3),
            ("delta", 2),
            ("bravo", 4),
            ("echo", 3),
        )
    }
    await client.post(f"{BASE}/{ids['delta']}/activate", headers=admin_headers)
    await client.post(f"{BASE}/{ids['bravo']}/archive", headers=admin_headers)


async def refused(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    params: dict[str, Any],
) -> dict[str, Any]:
    response = await client.get(BASE, params=params, headers=headers)
    assert response.status_code == 400, response.text
    return error_of(response)


@pytest.mark.parametrize(
    "params",
    [{"staus": "draft"}, {"quantity[between]": "1,3"}, {"page": "2"}, {"sort": "name", "x": ""}],
)
async def test_an_unknown_query_parameter_is_400_naming_it(
    client: httpx.AsyncClient,
    user_headers: dict[str, str],
    params: dict[str, Any],
) -> None:
    error = await refused(client, user_headers, params)

    unknown = sorted(set(params) - {"sort"})
    assert error["code"] == "unknown_parameter"
    assert error["details"]["unknown"] == unknown
    assert all(name in error["message"] for name in unknown)


async def test_an_operator_a_field_lacks_is_refused_with_the_operators_it_takes(
    client: httpx.AsyncClient,
    user_headers: dict[str, str],
) -> None:
    error = await refused(client, user_headers, {"quantity[between]": "1"})

    assert "quantity takes eq, gt, gte, lt, lte" in error["message"]


async def test_an_unknown_query_parameter_is_refused_on_item_routes_too(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    created = await create(client, BASE, admin_headers, "alpha")

    response = await client.get(
        f"{BASE}/{created['id']}", params={"fields": "name"}, headers=admin_headers
    )

    assert response.status_code == 400
    assert error_of(response)["code"] == "unknown_parameter"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"quantity[gte]": 3}, ["alpha", "bravo", "echo"]),
        ({"quantity[gt]": 1, "quantity[lt]": 4}, ["alpha", "delta", "echo"]),
        ({"quantity[eq]": 3}, ["alpha", "echo"]),
        ({"quantity[lte]": 2}, ["charlie", "delta"]),
        ({"status[in]": "active,archived"}, ["bravo", "delta"]),
        ({"name[contains]": "HA"}, ["alpha", "charlie"]),
        ({"status[in]": "draft", "quantity[gte]": 2, "q": "a"}, ["alpha"]),
    ],
)
@pytest.mark.usefixtures("five")
async def test_filter_operators_narrow_the_list_and_its_total(
    client: httpx.AsyncClient,
    user_headers: dict[str, str],
    params: dict[str, Any],
    expected: list[str],
) -> None:
    body = await page(client, user_headers, **params)

    assert (names(body), body["meta"]["total"]) == (expected, len(expected))


@pytest.mark.parametrize(
    "params",
    [{"quantity[gte]": "many"}, {"quantity[lt]": -1}, {"status[in]": "draft,gone"}],
)
async def test_a_filter_value_of_the_wrong_kind_is_422(
    client: httpx.AsyncClient,
    user_headers: dict[str, str],
    params: dict[str, Any],
) -> None:
    response = await client.get(BASE, params=params, headers=user_headers)

    errors = error_of(response)["details"]["errors"]
    assert response.status_code == 422
    assert [item["loc"] for item in errors] == [["query", *params]]


async def test_q_and_name_contains_together_are_400(
    client: httpx.AsyncClient,
    user_headers: dict[str, str],
) -> None:
    error = await refused(client, user_headers, {"q": "a", "name[contains]": "b"})

    assert error["code"] == "bad_request"


async def every_page(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    params: dict[str, Any],
) -> list[dict[str, Any]]:
    pages = [await page(client, headers, **params, limit=2)]
    while pages[-1]["meta"]["{{ wire.key("next_cursor") }}"] is not None:
        cursor = pages[-1]["meta"]["{{ wire.key("next_cursor") }}"]
        pages.append(await page(client, headers, **params, limit=2, cursor=cursor))
    return pages


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"sort": "-name"},
        {"sort": "quantity"},
        {"sort": "-quantity"},
        {"sort": "{{ wire.key("created_at") }}"},
        {"sort": "-{{ wire.key("updated_at") }}"},
        {"sort": "-quantity", "status[in]": "draft,active"},
    ],
)
@pytest.mark.usefixtures("five")
async def test_cursors_walk_the_list_in_the_order_of_the_offset_pages(
    client: httpx.AsyncClient,
    user_headers: dict[str, str],
    params: dict[str, Any],
) -> None:
    whole = await page(client, user_headers, **params, limit=100)

    pages = await every_page(client, user_headers, params)

    assert [name for body in pages for name in names(body)] == names(whole)
    assert pages[0]["meta"]["offset"] == 0
    assert all(body["meta"]["offset"] is None for body in pages[1:])
    assert {body["meta"]["total"] for body in pages} == {whole["meta"]["total"]}


@pytest.mark.usefixtures("five")
async def test_the_last_page_has_no_next_cursor(
    client: httpx.AsyncClient,
    user_headers: dict[str, str],
) -> None:
    body = await page(client, user_headers, limit=10)

    assert body["meta"]["{{ wire.key("next_cursor") }}"] is None


@pytest.mark.usefixtures("five")
async def test_a_cursor_cannot_be_forged_or_carried_to_another_query(
    client: httpx.AsyncClient,
    user_headers: dict[str, str],
) -> None:
    first = await page(client, user_headers, limit=2, sort="quantity")
    cursor = first["meta"]["{{ wire.key("next_cursor") }}"]
    payload, _, signature = cursor.partition(".")
    tampered = payload[:-1] + ("A" if payload[-1] != "A" else "B") + "." + signature

    forged = await refused(client, user_headers, {"sort": "quantity", "cursor": tampered})
    other_sort = await refused(client, user_headers, {"sort": "-quantity", "cursor": cursor})
    other_filter = await refused(
        client, user_headers, {"sort": "quantity", "status[in]": "draft", "cursor": cursor}
    )
    garbage = await refused(client, user_headers, {"cursor": "not-a-cursor"})
    with_offset = await refused(
        client, user_headers, {"sort": "quantity", "cursor": cursor, "offset": 0}
    )

    assert {forged["code"], other_sort["code"], other_filter["code"], garbage["code"]} == {
        "invalid_cursor"
    }
    assert "another sort or other filters" in other_filter["message"]
    assert with_offset["code"] == "bad_request"
