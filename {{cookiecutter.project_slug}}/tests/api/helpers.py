{%- set wire = json_case(cookiecutter) -%}
"""Requests the api tests of every context share."""

from typing import Any

import httpx


async def create(
    client: httpx.AsyncClient,
    base: str,
    headers: dict[str, str],
    name: str,
    **fields: Any,
) -> dict[str, Any]:
    """Create one at ``base`` and return its body; fails the test unless it is a 201."""
    response = await client.post(base, json={"name": name, **fields}, headers=headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def error_of(response: httpx.Response) -> dict[str, Any]:
    """The error envelope's content, after checking the envelope has its four keys."""
    envelope: dict[str, Any] = response.json()
    assert set(envelope) == {"error"}
    assert set(envelope["error"]) == {"code", "message", "details", "{{ wire.key("request_id") }}"}
    assert envelope["error"]["{{ wire.key("request_id") }}"] == response.headers.get("X-Request-ID")
    error: dict[str, Any] = envelope["error"]
    return error
