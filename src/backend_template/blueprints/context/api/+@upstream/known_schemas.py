{%- set up = unit.upstream -%}
{%- set wire = json_case(cookiecutter) -%}
"""Response bodies of the known {{ up.entity_plural }} endpoints, as they stand."""

import uuid
from datetime import datetime

from pydantic import {% if not wire.camel %}BaseModel, {% endif %}ConfigDict, Field

{% if wire.camel -%}
from {{ unit.web }}.camel_case import CamelModel
{% endif -%}
from {{ unit.application }}.known import Known{{ up.entity_class }}Status, KnownSource


class Known{{ up.entity_class }}Out({{ wire.model }}):
    """A {{ up.entity }} of {{ up.name }} as this context knows it (events or live)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str = Field(description="Empty until an event carrying the name has arrived.")
    status: Known{{ up.entity_class }}Status
    quantity: int
    deleted: bool = Field(description="The {{ up.entity }} was deleted; its record stays.")
    last_event_at: datetime = Field(
        description="When the latest event applied happened (live: the owner's last change)."
    )
    events_applied: int = Field(
        description="How many events changed this record (live: the owner's version)."
    )
    source: KnownSource = Field(
        description=(
            "live: asked of the {{ up.name }} service just now. "
            "local: this context's own record, kept from the events; where "
            "{{ up.name }} runs as a service of its own, served when that service is slow, "
            "failing, or has no such {{ up.entity }}."
        )
    )
