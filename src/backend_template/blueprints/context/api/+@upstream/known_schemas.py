{%- set up = unit.upstream -%}
"""Response bodies of the known {{ up.entity_plural }} endpoints: the projection, as it stands."""

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from {{ unit.application }}.known import Known{{ up.entity_class }}Status


class Known{{ up.entity_class }}Out(BaseModel):
    """One {{ up.name }} {{ up.entity }} as this context knows it from the events."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str = Field(description="Empty until an event carrying the name has arrived.")
    status: Known{{ up.entity_class }}Status
    quantity: int
    deleted: bool = Field(description="The {{ up.entity }} was deleted; its record stays.")
    last_event_at: datetime = Field(description="When the latest event applied happened.")
    events_applied: int = Field(description="How many events changed this record.")
