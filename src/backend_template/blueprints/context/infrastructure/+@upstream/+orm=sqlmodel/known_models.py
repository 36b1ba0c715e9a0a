{%- set up = unit.upstream -%}
"""The ``{{ unit.name }}_{{ up.entity_plural }}`` table: one row per known {{ up.entity }}."""

import uuid
from datetime import datetime

from sqlalchemy import Boolean, Integer, String, Uuid
from sqlmodel import Field

from {{ unit.application }}.known import NAME_MAX_LENGTH
from {{ unit.database }} import UtcDateTime
from {{ unit.tables }} import SQLModel


class Known{{ up.entity_class }}Row(SQLModel, table=True):
    __tablename__ = "{{ unit.name }}_{{ up.entity_plural }}"
{%- if unit.schema %}
    # The module's own PostgreSQL schema, beside the module's other tables.
    __table_args__ = ({"schema": "{{ unit.schema }}"},)
{%- endif %}

    # The {{ up.name }} aggregate's id: one record per {{ up.entity }}.
    id: uuid.UUID = Field(sa_type=Uuid, primary_key=True)
    name: str = Field(sa_type=String(NAME_MAX_LENGTH), index=True)
    status: str = Field(sa_type=String(16))
    quantity: int = Field(sa_type=Integer)
    deleted: bool = Field(sa_type=Boolean)
    last_event_at: datetime = Field(sa_type=UtcDateTime)
    events_applied: int = Field(sa_type=Integer)
