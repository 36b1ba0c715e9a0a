{%- set wire = json_case(cookiecutter) -%}
"""The API key security battery: every way in without a valid key is refused, nothing leaks."""

import logging
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from {{ unit.composition }} import issue_key
from {{ unit.database }} import Database
from {{ unit.infrastructure }}.unit_of_work import (
    unit_of_work_factory,
)
from {{ unit.shared }}.pagination import PageRequest
from {{ unit.shared }}.settings import Settings

from tests.auth_fixtures import IDENTITY, key_headers
from tests.fakes.clock import FakeClock

ME = f"{IDENTITY}/me"
KEYS = f"{IDENTITY}/keys"
HEADER = "X-API-Key"
MESSAGE = "The API key is invalid, revoked or expired."


def assert_refused(response: httpx.Response, presented: str | None = None) -> None:
    """401 in the common envelope, the same message whatever was wrong, the key not echoed."""
    assert response.status_code == 401
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details", "{{ wire.key("request_id") }}"}
    assert error["code"] == "unauthenticated"
    if presented:
        assert error["message"] == MESSAGE
        assert presented not in response.text


async def issued_key(
    client: httpx.AsyncClient, admin_headers: dict[str, str], scopes: list[str]
) -> dict[str, str]:
    body = {"name": "battery", "scopes": scopes}
    response = await client.post(KEYS, json=body, headers=admin_headers)
    assert response.status_code == 201, response.text
    created: dict[str, str] = response.json()
    return created


async def test_a_missing_key_is_401(client: httpx.AsyncClient) -> None:
    assert_refused(await client.get(ME))
    assert_refused(await client.get(ME, headers={HEADER: ""}))


@pytest.mark.parametrize(
    "presented",
    [
        "garbage",
        "acme_abcd1234",
        "acme_abcd1234_tooshort",
        "acme_abcd1234_" + "a" * 43 + "!",
        "Bearer acme_abcd1234_" + "a" * 43,
        "a" * 4096,
    ],
    ids=["garbage", "no-secret", "short-secret", "bad-character", "scheme-prefix", "huge"],
)
async def test_a_malformed_key_is_401(client: httpx.AsyncClient, presented: str) -> None:
    assert_refused(await client.get(ME, headers={HEADER: presented}), presented)


async def test_an_unknown_key_is_401(
    client: httpx.AsyncClient, settings: Settings, admin_headers: dict[str, str]
) -> None:
    del admin_headers  # a key exists, just not this one
    presented = f"{settings.api_key_prefix}_zzzz9999_" + "a" * 43
    assert_refused(await client.get(ME, headers={HEADER: presented}), presented)


async def test_a_wrong_secret_for_a_known_key_id_is_401(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    key = (await issued_key(client, admin_headers, ["*:read"]))["key"]
    prefix, key_id, secret = key.split("_", 2)
    forged = f"{prefix}_{key_id}_{'A' * len(secret)}"
    other_prefix = f"x{prefix}_{key_id}_{secret}"

    assert_refused(await client.get(ME, headers={HEADER: forged}), forged)
    assert_refused(await client.get(ME, headers={HEADER: other_prefix}), other_prefix)
    assert (await client.get(ME, headers={HEADER: key})).status_code == 200


async def test_a_revoked_key_is_401(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    created = await issued_key(client, admin_headers, ["*"])
    assert (await client.get(ME, headers={HEADER: created["key"]})).status_code == 200

    revoked = await client.post(f"{KEYS}/{created['id']}/revoke", headers=admin_headers)

    assert revoked.status_code == 200
    assert_refused(await client.get(ME, headers={HEADER: created["key"]}), created["key"])


async def test_a_rotated_key_is_401_and_its_successor_works(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    old = await issued_key(client, admin_headers, ["catalog:read", "orders:*"])

    response = await client.post(f"{KEYS}/{old['id']}/rotate", headers=admin_headers)

    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    new = response.json()
    assert new["key"] != old["key"]
    assert (new["name"], new["scopes"]) == (old["name"], old["scopes"])
    assert_refused(await client.get(ME, headers={HEADER: old["key"]}), old["key"])
    me = await client.get(ME, headers={HEADER: new["key"]})
    assert (me.status_code, me.json()["id"]) == (200, new["id"])


async def test_an_expired_key_is_401(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    issued_at = datetime.now(UTC) - timedelta(hours=2)
    expired = await issue_key(
        database,
        settings,
        name="expired",
        scopes=["*"],
        expires_at=issued_at + timedelta(hours=1),
        clock=FakeClock(issued_at),
    )
    assert_refused(await client.get(ME, headers={HEADER: expired.key}), expired.key)


async def test_a_key_beyond_its_scopes_is_403(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    reader = await key_headers(database, settings, ["identity:self"])

    response = await client.get(KEYS, headers=reader)

    assert response.status_code == 403
    error = response.json()["error"]
    assert (error["code"], error["details"]) == ("forbidden", {"permission": "identity:admin"})
    assert (await client.get(ME, headers=reader)).status_code == 200


async def test_the_key_is_shown_once_and_never_in_listings_or_logs(
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    client: httpx.AsyncClient,
    database: Database,
    admin_headers: dict[str, str],
) -> None:
    caplog.set_level(logging.INFO)
    created_response = await client.post(
        KEYS, json={"name": "leak-check", "scopes": ["*"]}, headers=admin_headers
    )
    created = created_response.json()
    await client.get(ME, headers={HEADER: created["key"]})
    await client.get(ME, headers={HEADER: created["key"][:-1] + "A"})
    rotated_response = await client.post(f"{KEYS}/{created['id']}/rotate", headers=admin_headers)
    rotated = rotated_response.json()
    await client.get(ME, headers={HEADER: created["key"]})
    quiet = [
        await client.get(KEYS, headers=admin_headers),
        await client.get(f"{KEYS}/{created['id']}", headers=admin_headers),
        await client.get(f"{KEYS}/{rotated['id']}", headers=admin_headers),
        await client.get(ME, headers={HEADER: rotated["key"]}),
        await client.post(f"{KEYS}/{rotated['id']}/revoke", headers=admin_headers),
    ]

    async with unit_of_work_factory(database)() as uow:
        stored = await uow.keys.list_page(PageRequest())
    hashes = [key.key_hash for key in stored.items]
    keys = [created["key"], rotated["key"], admin_headers[HEADER]]
    secrets = [key.split("_", 2)[2] for key in keys]
    listing = quiet[0].json()
    assert listing["meta"]["total"] == 3
    assert all(set(item) == set(quiet[1].json()) for item in listing["data"])
    assert "key" not in quiet[1].json()
    for response in quiet:
        for secret in (*keys, *secrets, *hashes):
            assert secret not in response.text
        assert "hash" not in response.text
    assert created_response.text.count(created["key"]) == 1
    assert rotated_response.text.count(rotated["key"]) == 1

    logs = caplog.text + "".join(capsys.readouterr())
    assert "api_key_created" in logs, "the identity events were not captured"
    assert "api_key_rotated" in logs
    assert "api_key_rejected" in logs
    for secret in (*keys, *secrets, *hashes):
        assert secret not in logs
