"""The service authenticates nobody: its API description promises no security scheme."""

import httpx


async def test_the_openapi_document_declares_no_security(client: httpx.AsyncClient) -> None:
    document = (await client.get("/openapi.json")).json()
    operations = [
        operation for path_item in document["paths"].values() for operation in path_item.values()
    ]

    assert operations
    assert "securitySchemes" not in document.get("components", {})
    assert "security" not in document
    assert not [operation["operationId"] for operation in operations if "security" in operation]
