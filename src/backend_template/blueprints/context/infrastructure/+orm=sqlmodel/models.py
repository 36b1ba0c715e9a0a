"""The ``{{ unit.name }}`` table: one row per {{ unit.entity_class }} aggregate, as a SQLModel."""

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, Integer, String, Uuid
from sqlmodel import Field

from {{ unit.domain }}.model import (
    DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
)
from {{ unit.database }} import (
    Database,
    UtcDateTime,
    case_sensitive_string,
)
from {{ unit.tables }} import Session, SQLModel

# The database and session the adapters are written against, named beside the rows.
__all__ = [
{%- for name in ["Database", "Session", unit.entity_class ~ "Row"] | sort(case_sensitive=true) %}
    "{{ name }}",
{%- endfor %}
]


class {{ unit.entity_class }}Row(SQLModel, table=True):
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

    id: uuid.UUID = Field(sa_type=Uuid, primary_key=True)
    name: str = Field(sa_type=case_sensitive_string(NAME_MAX_LENGTH), unique=True, index=True)
    description: str = Field(sa_type=String(DESCRIPTION_MAX_LENGTH))
    quantity: int = Field(sa_type=Integer)
    status: str = Field(sa_type=String(16), index=True)
    created_at: datetime = Field(sa_type=UtcDateTime, index=True)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    version: int = Field(sa_type=Integer)
