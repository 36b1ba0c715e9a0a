"""Status changes and quantity adjustments over HTTP, with the domain's rules as 422s."""

import uuid

import httpx

from tests.api.helpers import create, error_of
from tests.api.{{ unit.name }}.helpers import BASE


async def test_activate_then_archive_moves_the_status_forward(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    created = await create(client, BASE, admin_headers, "Alpha")

    activated = await client.post(f"{BASE}/{created['id']}/activate", headers=admin_headers)
    archived = await client.post(f"{BASE}/{created['id']}/archive", headers=admin_headers)

    assert activated.status_code == archived.status_code == 200
    assert (activated.json()["status"], activated.json()["version"]) == ("active", 2)
    assert (archived.json()["status"], archived.json()["version"]) == ("archived", 3)
    assert archived.headers["ETag"] == '"3"'


async def test_an_archived_one_cannot_be_reactivated_or_changed(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    created = await create(client, BASE, admin_headers, "Alpha", quantity=1)
    url = f"{BASE}/{created['id']}"
    await client.post(f"{url}/archive", headers=admin_headers)

    attempts = [
        await client.post(f"{url}/activate", headers=admin_headers),
        await client.patch(url, json={"name": "Beta"}, headers=admin_headers),
        await client.post(f"{url}/quantity-adjustments", json={"delta": 1}, headers=admin_headers),
    ]

    for response in attempts:
        assert response.status_code == 422
        error = error_of(response)
        assert error["code"] == "rule_violation"
        assert error["message"] == "an archived {{ unit.entity.replace('_', ' ') }} cannot be changed"
    final = (await client.get(url, headers=admin_headers)).json()
    assert (final["name"], final["quantity"], final["version"]) == ("Alpha", 1, 2)


async def test_quantity_adjustments_add_and_take_away(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    created = await create(client, BASE, admin_headers, "Alpha", quantity=2)
    url = f"{BASE}/{created['id']}/quantity-adjustments"

    added = await client.post(url, json={"delta": 5}, headers=admin_headers)
    taken = await client.post(url, json={"delta": -7, "version": 2}, headers=admin_headers)

    assert (added.status_code, added.json()["quantity"]) == (200, 7)
    assert (taken.status_code, taken.json()["quantity"], taken.json()["version"]) == (200, 0, 3)


async def test_taking_away_more_than_there_is_is_422_and_keeps_the_quantity(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    created = await create(client, BASE, admin_headers, "Alpha", quantity=2)

    response = await client.post(
        f"{BASE}/{created['id']}/quantity-adjustments",
        json={"delta": -3},
        headers=admin_headers,
    )

    assert response.status_code == 422
    assert error_of(response)["details"] == {"field": "delta"}
    stored = await client.get(f"{BASE}/{created['id']}", headers=admin_headers)
    assert stored.json()["quantity"] == 2


async def test_adjusting_an_unknown_id_is_404(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    response = await client.post(
        f"{BASE}/{uuid.uuid4()}/quantity-adjustments",
        json={"delta": 1},
        headers=admin_headers,
    )

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
