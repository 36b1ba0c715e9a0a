import re
from importlib.metadata import metadata

import httpx

from {{ cookiecutter.package_name }}.main import DISTRIBUTION
from {{ cookiecutter.package_name }}.shared.settings import Settings


async def test_the_docs_describe_this_service(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    info = response.json()["info"]
    about = metadata(DISTRIBUTION)
    assert info["title"] == settings.app_name
    assert info["version"] == about["Version"]
    assert info["description"] == about["Summary"]


async def test_every_operation_is_named_by_one_convention(client: httpx.AsyncClient) -> None:
    """operationId: the serving function's name (snake case, unique); summary: it in words."""
    document = (await client.get("/openapi.json")).json()
    operations = [
        operation
        for path_item in document["paths"].values()
        for method, operation in path_item.items()
        if method in {"get", "put", "post", "delete", "patch", "head", "options"}
    ]
    identifiers = [operation["operationId"] for operation in operations]

    assert operations
    assert len(set(identifiers)) == len(identifiers), sorted(identifiers)
    for operation in operations:
        identifier = operation["operationId"]
        assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", identifier), identifier
        assert operation["summary"] == identifier.replace("_", " ").capitalize()
