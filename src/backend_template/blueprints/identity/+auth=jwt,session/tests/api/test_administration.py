"""Admin-only endpoints: who may call them, and what they change."""

import httpx
import pytest

from tests.auth_fixtures import IDENTITY, new_credentials, sign_in

USERS = f"{IDENTITY}/users"


async def registered(client: httpx.AsyncClient) -> tuple[str, str, str]:
    """A new account: (id, email, password)."""
    email, password = new_credentials("member")
    response = await client.post(
        f"{IDENTITY}/register", json={"email": email, "password": password}
    )
    return response.json()["id"], email, password


async def my_id(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    user_id: str = (await client.get(f"{IDENTITY}/me", headers=headers)).json()["id"]
    return user_id


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "", None),
        ("PATCH", "/00000000-0000-0000-0000-000000000001/role", {"role": "admin"}),
        ("PATCH", "/00000000-0000-0000-0000-000000000001/status", {"active": False}),
    ],
    ids=["list", "role", "status"],
)
async def test_a_plain_user_is_forbidden(
    client: httpx.AsyncClient,
    user_headers: dict[str, str],
    method: str,
    path: str,
    body: dict[str, object] | None,
) -> None:
    response = await client.request(method, f"{USERS}{path}", json=body, headers=user_headers)

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"

    anonymous = await client.request(method, f"{USERS}{path}", json=body)
    assert anonymous.status_code == 401


async def test_an_admin_lists_users_a_page_at_a_time(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    for _ in range(3):
        await registered(client)

    response = await client.get(USERS, params={"offset": 1, "limit": 2}, headers=admin_headers)

    assert response.status_code == 200
    page = response.json()
    assert (page["meta"]["total"], page["meta"]["offset"], page["meta"]["limit"]) == (4, 1, 2)
    assert len(page["data"]) == 2
    assert all("password_hash" not in user for user in page["data"])


async def test_a_promoted_user_becomes_admin_at_once(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    user_id, email, password = await registered(client)
    headers = await sign_in(client, email, password)
    assert (await client.get(USERS, headers=headers)).status_code == 403

    response = await client.patch(
        f"{USERS}/{user_id}/role", json={"role": "admin"}, headers=admin_headers
    )

    assert response.status_code == 200
    assert response.json()["role"] == "admin"
    assert (await client.get(USERS, headers=headers)).status_code == 200


async def test_an_admin_cannot_demote_or_deactivate_themselves(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    admin_id = await my_id(client, admin_headers)

    role = await client.patch(
        f"{USERS}/{admin_id}/role", json={"role": "user"}, headers=admin_headers
    )
    status = await client.patch(
        f"{USERS}/{admin_id}/status", json={"active": False}, headers=admin_headers
    )

    assert role.status_code == status.status_code == 422
    assert role.json()["error"]["code"] == "rule_violation"
    assert (await client.get(USERS, headers=admin_headers)).status_code == 200


async def test_unknown_users_and_roles(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    missing = "00000000-0000-0000-0000-000000000001"

    not_found = await client.patch(
        f"{USERS}/{missing}/role", json={"role": "admin"}, headers=admin_headers
    )
    bad_role = await client.patch(
        f"{USERS}/{missing}/role", json={"role": "root"}, headers=admin_headers
    )

    assert not_found.status_code == 404
    assert bad_role.status_code == 422


async def test_an_editor_does_not_administer(
    client: httpx.AsyncClient, editor_headers: dict[str, str]
) -> None:
    me = await client.get(f"{IDENTITY}/me", headers=editor_headers)
    listed = await client.get(USERS, headers=editor_headers)

    assert (me.status_code, me.json()["role"]) == (200, "editor")
    assert listed.status_code == 403
