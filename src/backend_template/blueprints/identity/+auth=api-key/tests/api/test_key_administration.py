{%- set wire = json_case(cookiecutter) -%}
"""Admin-only key endpoints: who may call them, and what they change."""

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from {{ unit.database }} import Database
from {{ unit.shared }}.settings import Settings

from tests.auth_fixtures import IDENTITY, key_headers

KEYS = f"{IDENTITY}/keys"
SOME_ID = "00000000-0000-0000-0000-000000000001"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "", {"name": "x", "scopes": ["*"]}),
        ("GET", "", None),
        ("GET", f"/{SOME_ID}", None),
        ("POST", f"/{SOME_ID}/revoke", None),
        ("POST", f"/{SOME_ID}/rotate", None),
    ],
    ids=["create", "list", "get", "revoke", "rotate"],
)
async def test_only_keys_with_identity_admin_may_manage_keys(
    client: httpx.AsyncClient,
    user_headers: dict[str, str],
    database: Database,
    settings: Settings,
    method: str,
    path: str,
    body: dict[str, object] | None,
) -> None:
    writer = await key_headers(database, settings, ["catalog:*", "identity:self"])
    for headers in (user_headers, writer):
        response = await client.request(method, f"{KEYS}{path}", json=body, headers=headers)
        assert response.status_code == 403
        assert response.json()["error"]["details"] == {"permission": "identity:admin"}

    anonymous = await client.request(method, f"{KEYS}{path}", json=body)
    assert anonymous.status_code == 401


async def test_an_identity_admin_key_manages_keys_without_touching_contexts(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    manager = await key_headers(database, settings, ["identity:admin"])

    created = await client.post(
        KEYS, json={"name": "ci", "scopes": ["catalog:read"]}, headers=manager
    )
    listed = await client.get(KEYS, headers=manager)

    assert created.status_code == 201
    assert listed.json()["meta"]["total"] == 2


async def test_create_shows_the_key_once_and_it_works(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    expires_at = datetime.now(UTC) + timedelta(days=30)
    response = await client.post(
        KEYS,
        json={
            "name": " billing ",
            "scopes": ["catalog:read"],
            "{{ wire.key("expires_at") }}": expires_at.isoformat(),
        },
        headers=admin_headers,
    )

    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    created = response.json()
    assert created["key"].split("_")[1] == created["{{ wire.key("key_id") }}"]
    assert (created["name"], created["scopes"]) == ("billing", ["catalog:read"])
    assert datetime.fromisoformat(created["{{ wire.key("expires_at") }}"]) == expires_at
    me = await client.get(f"{IDENTITY}/me", headers={"X-API-Key": created["key"]})
    assert me.status_code == 200
    assert me.json()["id"] == created["id"]
    assert "key" not in me.json()
    read = await client.get(f"{KEYS}/{created['id']}", headers=admin_headers)
    assert read.json() == me.json()


@pytest.mark.parametrize(
    "body",
    [
        {"name": "x", "scopes": []},
        {"name": "x", "scopes": ["catalog"]},
        {"name": "x", "scopes": ["*"], "{{ wire.key("expires_at") }}": "2000-01-01T00:00:00Z"},
        {"name": "x", "scopes": ["*"], "{{ wire.key("expires_at") }}": "2999-01-01T00:00:00"},
        {"name": "   ", "scopes": ["*"]},
        {"name": "x", "scopes": ["*"], "role": "admin"},
    ],
    ids=["no-scopes", "bad-scope", "past-expiry", "naive-expiry", "blank-name", "extra-field"],
)
async def test_invalid_keys_are_refused_with_422(
    client: httpx.AsyncClient, admin_headers: dict[str, str], body: dict[str, object]
) -> None:
    response = await client.post(KEYS, json=body, headers=admin_headers)

    assert response.status_code == 422
    assert response.json()["error"]["code"] in {"validation_error", "rule_violation"}


async def test_listing_is_paged_oldest_first(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    for name in ("a", "b", "c"):
        await client.post(KEYS, json={"name": name, "scopes": ["*:read"]}, headers=admin_headers)

    page = (await client.get(KEYS, params={"offset": 1, "limit": 2}, headers=admin_headers)).json()

    assert page["meta"]["total"] == 4
    assert [item["name"] for item in page["data"]] == ["a", "b"]


async def test_unknown_keys_are_404_and_a_revoked_key_cannot_be_rotated(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    created = (
        await client.post(KEYS, json={"name": "x", "scopes": ["*"]}, headers=admin_headers)
    ).json()
    revoked = await client.post(f"{KEYS}/{created['id']}/revoke", headers=admin_headers)
    again = await client.post(f"{KEYS}/{created['id']}/revoke", headers=admin_headers)
    rotated = await client.post(f"{KEYS}/{created['id']}/rotate", headers=admin_headers)
    missing = uuid.uuid4()

    assert revoked.status_code == 200
    assert revoked.json()["{{ wire.key("revoked_at") }}"] is not None
    assert again.json() == revoked.json()
    assert rotated.status_code == 409
    for path in (f"/{missing}", f"/{missing}/revoke", f"/{missing}/rotate"):
        method = "GET" if path.count("/") == 1 else "POST"
        response = await client.request(method, f"{KEYS}{path}", headers=admin_headers)
        assert response.status_code == 404


async def test_rotation_may_set_a_new_expiry(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    created = (
        await client.post(KEYS, json={"name": "x", "scopes": ["*"]}, headers=admin_headers)
    ).json()
    expires_at = datetime.now(UTC) + timedelta(days=7)

    rotated = await client.post(
        f"{KEYS}/{created['id']}/rotate",
        json={"{{ wire.key("expires_at") }}": expires_at.isoformat()},
        headers=admin_headers,
    )

    assert rotated.status_code == 201
    assert datetime.fromisoformat(rotated.json()["{{ wire.key("expires_at") }}"]) == expires_at


async def test_a_key_cannot_revoke_itself_but_may_rotate_itself(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    me = (await client.get(f"{IDENTITY}/me", headers=admin_headers)).json()

    refused = await client.post(f"{KEYS}/{me['id']}/revoke", headers=admin_headers)
    still = await client.get(f"{IDENTITY}/me", headers=admin_headers)
    rotated = await client.post(f"{KEYS}/{me['id']}/rotate", headers=admin_headers)

    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "rule_violation"
    assert still.status_code == 200
    assert rotated.status_code == 201
    successor = dict.fromkeys(admin_headers, rotated.json()["key"])
    assert (await client.get(KEYS, headers=successor)).status_code == 200


async def test_two_admin_keys_revoking_each_other_at_once_leave_one(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    first = await key_headers(database, settings, ["*"], name="first")
    second = await key_headers(database, settings, ["identity:admin"], name="second")
    ids = [(await client.get(f"{IDENTITY}/me", headers=h)).json()["id"] for h in (first, second)]

    answers = await asyncio.gather(
        client.post(f"{KEYS}/{ids[1]}/revoke", headers=first),
        client.post(f"{KEYS}/{ids[0]}/revoke", headers=second),
    )

    statuses = sorted(answer.status_code for answer in answers)
    assert statuses[0] == 200, [answer.text for answer in answers]
    # Refused either way: as a conflict while both run, as a revoked key once one is done.
    assert statuses[1] in (401, 409), [answer.text for answer in answers]
    usable = [(await client.get(KEYS, headers=h)).status_code for h in (first, second)]
    assert sorted(usable) == [200, 401]
