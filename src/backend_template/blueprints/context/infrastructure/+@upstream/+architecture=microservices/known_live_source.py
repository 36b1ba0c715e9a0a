{%- set up = unit.upstream -%}
{%- set wire = json_case(cookiecutter) -%}
"""The {{ up.name }} service's own record of a {{ up.entity }}, read over HTTP at request time."""

import uuid
from datetime import datetime
from http import HTTPStatus

from pydantic import BaseModel, {% if wire.camel %}ConfigDict, {% endif %}ValidationError
{%- if wire.camel %}
from pydantic.alias_generators import to_camel
{%- endif %}

from {{ unit.application }}.known import (
    Known{{ up.entity_class }},
    Known{{ up.entity_class }}Status,
    KnownSource,
)
from {{ unit.shared }}.http_client import ResilientClient, UpstreamUnavailableError

# The {{ up.name }} service's route for one {{ up.entity }}.
ITEM_PATH = "/api/v1/{{ up.name }}/{entity_id}"


class _Upstream{{ up.entity_class }}(BaseModel):
    """What this service reads of the {{ up.name }} service's answer; the rest is ignored."""
{%- if wire.camel %}

    # The service answers in camelCase, as it answers every client.
    model_config = ConfigDict(alias_generator=to_camel)
{%- endif %}

    id: uuid.UUID
    name: str
    status: str
    quantity: int
    updated_at: datetime
    version: int


class HttpKnown{{ up.entity_class }}Source:
    """Asks the {{ up.name }} service through ``client`` (timeouts, retries, breaker, bulkhead)."""

    def __init__(self, client: ResilientClient) -> None:
        self._client = client

    async def get(self, entity_id: uuid.UUID) -> Known{{ up.entity_class }} | None:
        response = await self._client.get(ITEM_PATH.format(entity_id=entity_id))
        if response.status_code == HTTPStatus.NOT_FOUND:
            return None
        if response.status_code != HTTPStatus.OK:
            # Refused (this caller may not read there) or not understood: no answer to use.
            raise UpstreamUnavailableError(self._client.name, f"status_{response.status_code}")
        try:
            found = _Upstream{{ up.entity_class }}.model_validate_json(response.content)
        except ValidationError:
            raise UpstreamUnavailableError(self._client.name, "malformed_answer") from None
        statuses = {status.value: status for status in Known{{ up.entity_class }}Status}
        return Known{{ up.entity_class }}(
            id=found.id,
            name=found.name,
            status=statuses.get(found.status, Known{{ up.entity_class }}Status.UNKNOWN),
            quantity=found.quantity,
            deleted=False,
            last_event_at=found.updated_at,
            events_applied=found.version,
            source=KnownSource.LIVE,
        )
