{%- set wire = json_case(cookiecutter) -%}
"""Listing over HTTP: offset pagination with totals, sorting and filtering."""

from typing import Any

import httpx
import pytest

from tests.api.helpers import create, error_of
from tests.api.{{ unit.name }}.helpers import BASE, names, page


@pytest.fixture
async def four(client: httpx.AsyncClient, admin_headers: dict[str, str]) -> None:
    """Four of them, created in this order; then delta is activated and bravo archived."""
    ids = {
        name: (await create(client, BASE, admin_headers, name, quantity=quantity))["id"]
        for name, quantity in (("charlie", 1), ("alpha", 3), ("delta", 2), ("bravo", 4))
    }
    await client.post(f"{BASE}/{ids['delta']}/activate", headers=admin_headers)
    await client.post(f"{BASE}/{ids['bravo']}/archive", headers=admin_headers)


@pytest.mark.usefixtures("four")
async def test_list_pages_with_offset_limit_and_total(
    client: httpx.AsyncClient,
    user_headers: dict[str, str],
) -> None:
    body = await page(client, user_headers, offset=1, limit=2, sort="quantity")

    assert set(body) == {"data", "meta"}
    assert names(body) == ["delta", "alpha"]
    assert (body["meta"]["total"], body["meta"]["offset"], body["meta"]["limit"]) == (4, 1, 2)


@pytest.mark.usefixtures("four")
async def test_list_defaults_to_the_first_20_sorted_by_name(
    client: httpx.AsyncClient,
    user_headers: dict[str, str],
) -> None:
    body = await page(client, user_headers)

    assert names(body) == ["alpha", "bravo", "charlie", "delta"]
    assert (body["meta"]["offset"], body["meta"]["limit"]) == (0, 20)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("-name", ["delta", "charlie", "bravo", "alpha"]),
        ("-quantity", ["bravo", "alpha", "delta", "charlie"]),
        ("{{ wire.key("created_at") }}", ["charlie", "alpha", "delta", "bravo"]),
        ("-{{ wire.key("updated_at") }}", ["bravo", "delta", "alpha", "charlie"]),
    ],
)
@pytest.mark.usefixtures("four")
async def test_list_sorts_by_field_ascending_or_descending(
    client: httpx.AsyncClient,
    user_headers: dict[str, str],
    sort: str,
    expected: list[str],
) -> None:
    assert names(await page(client, user_headers, sort=sort)) == expected


@pytest.mark.usefixtures("four")
async def test_list_filters_by_status_and_by_part_of_the_name(
    client: httpx.AsyncClient,
    user_headers: dict[str, str],
) -> None:
    active = await page(client, user_headers, status="active")
    with_ha = await page(client, user_headers, q="HA")
    drafts_with_a = await page(client, user_headers, status="draft", q="a")

    assert (names(active), active["meta"]["total"]) == (["delta"], 1)
    assert (names(with_ha), with_ha["meta"]["total"]) == (["alpha", "charlie"], 2)
    assert names(drafts_with_a) == ["alpha", "charlie"]


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "description"},
        {"sort": "-"},
        {"status": "deleted"},
        {"limit": 0},
        {"limit": 101},
        {"offset": -1},
        {"q": ""},
    ],
)
async def test_list_with_a_bad_query_parameter_is_422(
    client: httpx.AsyncClient,
    user_headers: dict[str, str],
    params: dict[str, Any],
) -> None:
    response = await client.get(BASE, params=params, headers=user_headers)

    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert [item["loc"] for item in error["details"]["errors"]] == [["query", *params]]
