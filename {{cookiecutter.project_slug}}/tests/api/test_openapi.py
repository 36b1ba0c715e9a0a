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
