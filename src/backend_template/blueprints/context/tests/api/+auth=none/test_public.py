"""With auth=none every {{ unit.name }} route is public: no credentials, no 401 or 403."""

import httpx

from tests.api.{{ unit.name }}.helpers import BASE


async def test_a_caller_without_credentials_may_write_and_read(
    client: httpx.AsyncClient,
) -> None:
    created = await client.post(BASE, json={"name": "Alpha", "quantity": 1})
    url = f"{BASE}/{created.json()['id']}"

    responses = [
        created,
        await client.put(url, json={"name": "Alpha", "description": "public"}),
        await client.patch(url, json={"name": "Beta"}),
        await client.post(f"{url}/activate"),
        await client.post(f"{url}/quantity-adjustments", json={"delta": 2}),
        await client.get(BASE),
        await client.get(url),
        await client.post(f"{url}/archive"),
        await client.delete(url),
    ]

    statuses = [response.status_code for response in responses]
    assert statuses == [201, 200, 200, 200, 200, 200, 200, 200, 204]
    assert (await client.get(url)).status_code == 404


async def test_the_openapi_document_asks_no_credentials_for_these_routes(
    client: httpx.AsyncClient,
) -> None:
    document = (await client.get("/openapi.json")).json()
    operations = [
        operation
        for path, path_item in document["paths"].items()
        if path.startswith(BASE)
        for operation in path_item.values()
    ]

    # The context's own nine{{ ", and two over the known " ~ unit.upstream.entity_plural if unit.upstream else "" }}.
    assert len(operations) == {{ 11 if unit.upstream else 9 }}
    assert not [operation for operation in operations if "security" in operation]
    assert "securitySchemes" not in document.get("components", {})
