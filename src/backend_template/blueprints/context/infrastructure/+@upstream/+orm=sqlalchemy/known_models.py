{%- set up = unit.upstream -%}
"""The ``{{ unit.name }}_{{ up.entity_plural }}`` table: one row per known {{ up.entity }}."""

import uuid
from datetime import datetime

from sqlalchemy import Boolean, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from {{ unit.application }}.known import NAME_MAX_LENGTH
from {{ unit.database }} import UtcDateTime
from {{ unit.tables }} import Base


class Known{{ up.entity_class }}Row(Base):
    __tablename__ = "{{ unit.name }}_{{ up.entity_plural }}"
{%- if unit.schema %}
    # The module's own PostgreSQL schema, beside the module's other tables.
    __table_args__ = ({"schema": "{{ unit.schema }}"},)
{%- endif %}

    # The {{ up.name }} aggregate's id: one record per {{ up.entity }}.
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH), index=True)
    status: Mapped[str] = mapped_column(String(16))
    quantity: Mapped[int] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean)
    last_event_at: Mapped[datetime] = mapped_column(UtcDateTime)
    events_applied: Mapped[int] = mapped_column(Integer)
