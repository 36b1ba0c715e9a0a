"""A key's revocation reaches every process of the service within auth_cache_seconds."""

import httpx

from {{ unit.package }}.composition.auth import API_KEY_HEADER
from {{ unit.shared }}.settings import Settings

from tests.auth_fixtures import IDENTITY
from tests.revocation import CACHE_SECONDS, MARGIN_SECONDS, replica, seconds_until_refused

KEYS = f"{IDENTITY}/keys"


async def test_a_revoked_key_is_refused_here_at_once_and_elsewhere_within_the_bound(
    client: httpx.AsyncClient,
    settings: Settings,
    migrated_database: str,
    admin_headers: dict[str, str],
) -> None:
    created = await client.post(
        KEYS, json={"name": "leaving", "scopes": ["*"]}, headers=admin_headers
    )
    assert created.status_code == 201, created.text
    headers = {API_KEY_HEADER: created.json()["key"]}
    async with replica(settings, migrated_database) as elsewhere:
        assert (await elsewhere.get(KEYS, headers=headers)).status_code == 200

        revoked = await client.post(f"{KEYS}/{created.json()['id']}/revoke", headers=admin_headers)

        assert revoked.status_code == 200
        assert (await client.get(KEYS, headers=headers)).status_code == 401
        refused_after = await seconds_until_refused(elsewhere, KEYS, headers)
        assert refused_after <= CACHE_SECONDS + MARGIN_SECONDS
