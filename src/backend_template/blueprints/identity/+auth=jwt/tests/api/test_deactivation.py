{%- set wire = json_case(cookiecutter) -%}
"""Deactivation through the api: the account's tokens stop working at once."""

import httpx

from tests.auth_fixtures import IDENTITY, new_credentials, sign_in

USERS = f"{IDENTITY}/users"


async def registered(client: httpx.AsyncClient) -> tuple[str, str, str]:
    """A new account: (id, email, password)."""
    email, password = new_credentials("member")
    response = await client.post(
        f"{IDENTITY}/register", json={"email": email, "password": password}
    )
    return response.json()["id"], email, password


async def test_a_deactivated_user_can_neither_use_tokens_nor_sign_in(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    user_id, email, password = await registered(client)
    session = await client.post(f"{IDENTITY}/token", data={"username": email, "password": password})
    headers = {"Authorization": f"Bearer {session.json()['access_token']}"}

    response = await client.patch(
        f"{USERS}/{user_id}/status", json={"active": False}, headers=admin_headers
    )

    assert response.status_code == 200
    assert response.json()["{{ wire.key("is_active") }}"] is False
    assert (await client.get(f"{IDENTITY}/me", headers=headers)).status_code == 401
    refreshed = await client.post(
        f"{IDENTITY}/refresh", json={"refresh_token": session.json()["refresh_token"]}
    )
    assert refreshed.status_code == 401
    again = await client.post(f"{IDENTITY}/token", data={"username": email, "password": password})
    assert again.status_code == 401

    await client.patch(f"{USERS}/{user_id}/status", json={"active": True}, headers=admin_headers)
    assert (await sign_in(client, email, password))["Authorization"].startswith("Bearer ")
