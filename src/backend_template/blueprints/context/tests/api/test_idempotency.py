"""Idempotency keys over HTTP: a retried create is answered once, whatever the timing."""

import asyncio
import uuid

import httpx

from tests.api.helpers import error_of
from tests.api.{{ unit.name }}.helpers import BASE

RETRIES = 5


async def count_named(client: httpx.AsyncClient, headers: dict[str, str], name: str) -> int:
    listed = await client.get(BASE, params={"q": name, "limit": 100}, headers=headers)
    assert listed.status_code == 200, listed.text
    return sum(item["name"] == name for item in listed.json()["data"])


async def test_concurrent_retries_with_one_key_create_one(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    keyed = {**admin_headers, "Idempotency-Key": str(uuid.uuid4())}
    body = {"name": "Alpha"}

    answers = await asyncio.gather(
        *(client.post(BASE, json=body, headers=keyed) for _ in range(RETRIES))
    )
    retried = await client.post(BASE, json=body, headers=keyed)

    # Each is the first, a replay of it, or told the first is under way: never a second create.
    created = [answer for answer in answers if answer.status_code == 201]
    waiting = [answer for answer in answers if answer.status_code == 409]
    assert len(created) + len(waiting) == RETRIES, [answer.text for answer in answers]
    assert {error_of(answer)["code"] for answer in waiting} <= {"idempotency_key_in_use"}
    assert sum("Idempotent-Replayed" not in answer.headers for answer in created) == 1
    assert retried.status_code == 201
    assert retried.headers["Idempotent-Replayed"] == "true"
    assert {answer.json()["id"] for answer in [*created, retried]} == {retried.json()["id"]}
    assert retried.headers["Location"] == created[0].headers["Location"]
    assert await count_named(client, admin_headers, "Alpha") == 1


async def test_a_key_reused_for_another_body_is_422_and_changes_nothing(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    keyed = {**admin_headers, "Idempotency-Key": str(uuid.uuid4())}
    first = await client.post(BASE, json={"name": "Alpha"}, headers=keyed)

    reused = await client.post(BASE, json={"name": "Beta"}, headers=keyed)

    assert first.status_code == 201
    assert reused.status_code == 422
    assert error_of(reused)["code"] == "idempotency_key_reused"
    assert await count_named(client, admin_headers, "Beta") == 0


async def test_a_refusal_is_replayed_too_and_other_keys_run_anew(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    await client.post(BASE, json={"name": "Alpha"}, headers=admin_headers)
    keyed = {**admin_headers, "Idempotency-Key": str(uuid.uuid4())}

    taken = await client.post(BASE, json={"name": "Alpha"}, headers=keyed)
    again = await client.post(BASE, json={"name": "Alpha"}, headers=keyed)

    assert (taken.status_code, again.status_code) == (409, 409)
    assert again.json() == taken.json()
    assert again.headers["Idempotent-Replayed"] == "true"


async def test_a_malformed_key_is_400_with_the_envelope(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    keyed = {**admin_headers, "Idempotency-Key": "x" * 256}

    response = await client.post(BASE, json={"name": "Alpha"}, headers=keyed)

    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid_idempotency_key"
    assert await count_named(client, admin_headers, "Alpha") == 0
