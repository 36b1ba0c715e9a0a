{%- set wire = json_case(cookiecutter) -%}
"""Create, read, replace, patch and delete over HTTP, and the errors each can give."""

import uuid

import httpx

from tests.api.helpers import create, error_of
from tests.api.{{ unit.name }}.helpers import BASE


async def test_create_answers_201_with_location_etag_and_the_new_draft(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    response = await client.post(
        BASE,
        json={"name": " Alpha ", "description": "first", "quantity": 3},
        headers=admin_headers,
    )

    assert response.status_code == 201
    body = response.json()
    assert response.headers["Location"] == f"{BASE}/{body['id']}"
    assert response.headers["ETag"] == '"1"'
    assert {k: body[k] for k in ("name", "description", "quantity", "status", "version")} == {
        "name": "Alpha",
        "description": "first",
        "quantity": 3,
        "status": "draft",
        "version": 1,
    }
    assert body["{{ wire.key("created_at") }}"] == body["{{ wire.key("updated_at") }}"]


async def test_what_was_created_is_read_back_at_its_location(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    user_headers: dict[str, str],
) -> None:
    created = await create(client, BASE, admin_headers, "Alpha", quantity=2)

    response = await client.get(f"{BASE}/{created['id']}", headers=user_headers)

    assert response.status_code == 200
    assert response.json() == created
    assert response.headers["ETag"] == '"1"'


async def test_create_with_a_taken_name_is_409_conflict(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    await create(client, BASE, admin_headers, "Alpha")

    response = await client.post(BASE, json={"name": "Alpha"}, headers=admin_headers)

    assert response.status_code == 409
    error = error_of(response)
    assert (error["code"], error["details"]) == ("conflict", {"name": "Alpha"})


async def test_create_without_a_name_or_with_unknown_fields_is_422_validation_error(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    missing = await client.post(BASE, json={"quantity": 1}, headers=admin_headers)
    unknown = await client.post(BASE, json={"name": "A", "colour": "red"}, headers=admin_headers)
    negative = await client.post(BASE, json={"name": "A", "quantity": -1}, headers=admin_headers)

    for response, field in ((missing, "name"), (unknown, "colour"), (negative, "quantity")):
        assert response.status_code == 422
        error = error_of(response)
        assert error["code"] == "validation_error"
        assert ["body", field] in [item["loc"] for item in error["details"]["errors"]]


async def test_create_with_a_blank_name_is_422_rule_violation(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    response = await client.post(BASE, json={"name": "   "}, headers=admin_headers)

    assert response.status_code == 422
    error = error_of(response)
    assert (error["code"], error["details"]) == ("rule_violation", {"field": "name"})


async def test_get_of_an_unknown_id_is_404_in_the_envelope(
    client: httpx.AsyncClient,
    user_headers: dict[str, str],
) -> None:
    missing = uuid.uuid4()

    response = await client.get(f"{BASE}/{missing}", headers=user_headers)

    assert response.status_code == 404
    error = error_of(response)
    assert (error["code"], error["details"]) == ("not_found", {"id": str(missing)})


async def test_an_id_that_is_not_a_uuid_names_no_resource_404(
    client: httpx.AsyncClient,
    user_headers: dict[str, str],
) -> None:
    response = await client.get(f"{BASE}/not-a-uuid", headers=user_headers)

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


async def test_put_replaces_name_and_description_and_advances_the_version(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    created = await create(client, BASE, admin_headers, "Alpha", description="old", quantity=4)

    response = await client.put(
        f"{BASE}/{created['id']}",
        json={"name": "Beta", "description": "new"},
        headers={**admin_headers, "If-Match": '"1"'},
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["description"], body["quantity"]) == ("Beta", "new", 4)
    assert (body["version"], response.headers["ETag"]) == (2, '"2"')


async def test_put_needs_every_editable_field(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    created = await create(client, BASE, admin_headers, "Alpha")

    response = await client.put(
        f"{BASE}/{created['id']}",
        json={"name": "Beta"},
        headers=admin_headers,
    )

    assert response.status_code == 422
    assert error_of(response)["code"] == "validation_error"


async def test_patch_changes_only_the_fields_given(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    created = await create(client, BASE, admin_headers, "Alpha", description="kept")

    response = await client.patch(
        f"{BASE}/{created['id']}",
        json={"name": "Beta", "version": 1},
        headers=admin_headers,
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["description"], body["version"]) == ("Beta", "kept", 2)


async def test_renaming_to_a_taken_name_is_409(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    await create(client, BASE, admin_headers, "Alpha")
    second = await create(client, BASE, admin_headers, "Beta")

    response = await client.patch(
        f"{BASE}/{second['id']}",
        json={"name": "Alpha"},
        headers=admin_headers,
    )

    assert response.status_code == 409
    assert error_of(response)["code"] == "conflict"


async def test_patch_of_an_unknown_id_is_404(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    response = await client.patch(f"{BASE}/{uuid.uuid4()}", json={}, headers=admin_headers)

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


async def test_delete_answers_204_and_the_id_is_gone(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
) -> None:
    created = await create(client, BASE, admin_headers, "Alpha")

    deleted = await client.delete(f"{BASE}/{created['id']}", headers=admin_headers)
    again = await client.delete(f"{BASE}/{created['id']}", headers=admin_headers)
    read = await client.get(f"{BASE}/{created['id']}", headers=admin_headers)

    assert (deleted.status_code, deleted.content) == (204, b"")
    assert (again.status_code, read.status_code) == (404, 404)
