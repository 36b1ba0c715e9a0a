"""Where the {{ unit.name }} api tests send their requests, and how they read lists."""

from typing import Any

import httpx

BASE = "/api/v1/{{ unit.name }}"


async def page(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    **params: Any,
) -> dict[str, Any]:
    """One page of the list; fails the test unless it is a 200."""
    response = await client.get(BASE, params=params, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def names(body: dict[str, Any]) -> list[str]:
    return [item["name"] for item in body["data"]]
