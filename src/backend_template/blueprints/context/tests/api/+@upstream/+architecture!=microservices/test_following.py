{%- set up = unit.upstream -%}
{%- set wire = json_case(cookiecutter) -%}
"""Following the {{ up.name }} context: its API changes show in the known records here."""

import httpx
import pytest
from fastapi import FastAPI

# isort: split
from tests.api.{{ unit.name }}.known_helpers import KnownEndpoints

UPSTREAM = "/api/v1/{{ up.name }}"


@pytest.fixture
def endpoints(
    app: FastAPI,
    client: httpx.AsyncClient,
    user_headers: dict[str, str],
) -> KnownEndpoints:
    return KnownEndpoints(app, client, user_headers)


async def test_the_known_records_follow_a_{{ up.entity }}_from_creation_to_deletion(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    endpoints: KnownEndpoints,
) -> None:
    body = {"name": "Alpha", "quantity": 3}
    created = await client.post(UPSTREAM, json=body, headers=admin_headers)
    assert created.status_code == 201, created.text
    entity_id = created.json()["id"]

    known = await endpoints.when(entity_id, lambda record: record["{{ wire.key("events_applied") }}"] == 1)

    assert known == {
        "id": entity_id,
        "name": "Alpha",
        "status": "draft",
        "quantity": 3,
        "deleted": False,
        "{{ wire.key("last_event_at") }}": created.json()["{{ wire.key("created_at") }}"],
        "{{ wire.key("events_applied") }}": 1,
        "source": "local",
    }

    url = f"{UPSTREAM}/{entity_id}"
    renamed = await client.patch(url, json={"name": "Beta"}, headers=admin_headers)
    assert renamed.status_code == 200, renamed.text
    known = await endpoints.when(entity_id, lambda record: record["{{ wire.key("events_applied") }}"] == 2)
    assert (known["name"], known["quantity"], known["deleted"]) == ("Beta", 3, False)

    activated = await client.post(f"{url}/activate", headers=admin_headers)
    assert activated.status_code == 200, activated.text
    known = await endpoints.when(entity_id, lambda record: record["{{ wire.key("events_applied") }}"] == 3)
    assert known["status"] == "active"

    deleted = await client.delete(url, headers=admin_headers)
    assert deleted.status_code == 204, deleted.text
    known = await endpoints.when(entity_id, lambda record: record["deleted"])
    assert (known["name"], known["status"], known["{{ wire.key("events_applied") }}"]) == ("Beta", "active", 4)
