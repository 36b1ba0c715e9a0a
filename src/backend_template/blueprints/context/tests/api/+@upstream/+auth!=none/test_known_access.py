{%- set up = unit.upstream -%}
"""Reading the known records needs {{ unit.name }}:read, like the context's own reads."""

import uuid

import httpx
import pytest

# isort: split
from tests.api.helpers import error_of

KNOWN = "/api/v1/{{ unit.name }}/known-{{ up.entity_plural | replace('_', '-') }}"


@pytest.mark.parametrize("url", [KNOWN, f"{KNOWN}/{uuid.UUID(int=1)}"])
async def test_the_known_{{ up.entity_plural }}_are_401_without_credentials(
    client: httpx.AsyncClient,
    url: str,
) -> None:
    response = await client.get(url)

    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthenticated"


async def test_a_plain_user_may_read_the_known_{{ up.entity_plural }}(
    client: httpx.AsyncClient,
    user_headers: dict[str, str],
) -> None:
    response = await client.get(KNOWN, headers=user_headers)

    assert response.status_code == 200
