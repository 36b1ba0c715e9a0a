"""SQLModel tables of the identity context; mapping.py maps them to the domain."""

import uuid
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Uuid
from sqlmodel import Column, Field

from {{ unit.database }} import UtcDateTime
from {{ unit.tables }} import SQLModel


{% include "infrastructure/_user_models.py" %}


class SessionRecord(SQLModel, table=True):
    __tablename__ = "sessions"
{%- if unit.schema %}
    # The module's own PostgreSQL schema: its tables are visibly the identity module's.
    __table_args__ = ({"schema": "{{ unit.schema }}"},)
{%- endif %}

    id: uuid.UUID = Field(sa_type=Uuid, primary_key=True)
    user_id: uuid.UUID = Field(
        sa_column=Column(
            Uuid, ForeignKey("{{ unit.schema ~ "." if unit.schema else "" }}users.id", ondelete="CASCADE"), index=True, nullable=False
        )
    )
    token_hash: str = Field(sa_type=String(64), unique=True, index=True)
    csrf_token: str = Field(sa_type=String(64))
    created_at: datetime = Field(sa_type=UtcDateTime)
    last_seen_at: datetime = Field(sa_type=UtcDateTime)
    expires_at: datetime = Field(sa_type=UtcDateTime)
