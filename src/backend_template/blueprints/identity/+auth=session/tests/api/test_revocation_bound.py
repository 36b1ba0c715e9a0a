"""Logout reaches every process of the service within auth_cache_seconds."""

import httpx

from {{ unit.shared }}.settings import Settings

from tests.auth_fixtures import IDENTITY
from tests.revocation import CACHE_SECONDS, MARGIN_SECONDS, replica, seconds_until_refused

ME = f"{IDENTITY}/me"


async def test_a_logout_refuses_the_session_here_at_once_and_elsewhere_within_the_bound(
    client: httpx.AsyncClient,
    settings: Settings,
    migrated_database: str,
    user_headers: dict[str, str],
) -> None:
    async with replica(settings, migrated_database) as elsewhere:
        assert (await elsewhere.get(ME, headers=user_headers)).status_code == 200

        logout = await client.post(f"{IDENTITY}/logout", headers=user_headers)

        assert logout.status_code == 204
        assert (await client.get(ME, headers=user_headers)).status_code == 401
        refused_after = await seconds_until_refused(elsewhere, ME, user_headers)
        assert refused_after <= CACHE_SECONDS + MARGIN_SECONDS
