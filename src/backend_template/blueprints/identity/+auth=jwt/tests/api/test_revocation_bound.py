"""Logout and deactivation reach every process of the service within auth_cache_seconds."""

import httpx

from {{ unit.shared }}.settings import Settings

from tests.auth_fixtures import IDENTITY, new_credentials
from tests.revocation import CACHE_SECONDS, MARGIN_SECONDS, replica, seconds_until_refused

ME = f"{IDENTITY}/me"


async def signed_in(client: httpx.AsyncClient) -> tuple[str, dict[str, str], str]:
    """A new account's id, its bearer headers and its refresh token."""
    email, password = new_credentials("member")
    registered = await client.post(
        f"{IDENTITY}/register", json={"email": email, "password": password}
    )
    tokens = await client.post(f"{IDENTITY}/token", data={"username": email, "password": password})
    assert tokens.status_code == 200, tokens.text
    headers = {"Authorization": f"Bearer {tokens.json()['access_token']}"}
    return registered.json()["id"], headers, tokens.json()["refresh_token"]


async def test_a_logout_refuses_the_access_token_here_at_once_and_elsewhere_within_the_bound(
    client: httpx.AsyncClient, settings: Settings, migrated_database: str
) -> None:
    _, headers, refresh_token = await signed_in(client)
    async with replica(settings, migrated_database) as elsewhere:
        assert (await elsewhere.get(ME, headers=headers)).status_code == 200

        logout = await client.post(f"{IDENTITY}/logout", json={"refresh_token": refresh_token})

        assert logout.status_code == 204
        assert (await client.get(ME, headers=headers)).status_code == 401
        refused_after = await seconds_until_refused(elsewhere, ME, headers)
        assert refused_after <= CACHE_SECONDS + MARGIN_SECONDS


async def test_a_deactivation_refuses_the_access_token_elsewhere_within_the_bound(
    client: httpx.AsyncClient,
    settings: Settings,
    migrated_database: str,
    admin_headers: dict[str, str],
) -> None:
    user_id, headers, _ = await signed_in(client)
    async with replica(settings, migrated_database) as elsewhere:
        assert (await elsewhere.get(ME, headers=headers)).status_code == 200

        deactivated = await client.patch(
            f"{IDENTITY}/users/{user_id}/status", json={"active": False}, headers=admin_headers
        )

        assert deactivated.status_code == 200
        refused_after = await seconds_until_refused(elsewhere, ME, headers)
        assert refused_after <= CACHE_SECONDS + MARGIN_SECONDS
