"""The ``{{ unit.name }}`` table: one row per {{ unit.entity_class }} aggregate."""

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from {{ unit.domain }}.model import (
    DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
)
from {{ unit.database }} import (
    Database,
    UtcDateTime,
    case_sensitive_string,
)
from {{ unit.tables }} import Base, Session

# The database and session the adapters are written against, named beside the rows.
__all__ = [
{%- for name in ["Database", "Session", unit.entity_class ~ "Row"] | sort(case_sensitive=true) %}
    "{{ name }}",
{%- endfor %}
]


class {{ unit.entity_class }}Row(Base):
    __tablename__ = "{{ unit.name }}"
    # Second line of defence: the aggregate already refuses both.
    __table_args__ = (
        CheckConstraint("quantity >= 0", name="quantity_not_negative"),
        CheckConstraint("status IN ('draft', 'active', 'archived')", name="status_known"),
{%- if unit.schema %}
        # The module's own PostgreSQL schema: the table is visibly the module's in the database.
        {"schema": "{{ unit.schema }}"},
{%- endif %}
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str] = mapped_column(
        case_sensitive_string(NAME_MAX_LENGTH), unique=True, index=True
    )
    description: Mapped[str] = mapped_column(String(DESCRIPTION_MAX_LENGTH))
    quantity: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer)
