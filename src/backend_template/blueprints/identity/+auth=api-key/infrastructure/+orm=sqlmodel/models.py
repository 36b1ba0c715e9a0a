"""SQLModel table of the identity context; mapping.py maps them to the domain."""

import uuid
from datetime import datetime

from sqlalchemy import Integer, String, Text, Uuid
from sqlmodel import Field

from {{ unit.database }} import UtcDateTime
from {{ unit.tables }} import SQLModel


class ApiKeyRecord(SQLModel, table=True):
    __tablename__ = "api_keys"
{%- if unit.schema %}
    # The module's own PostgreSQL schema: its tables are visibly the identity module's.
    __table_args__ = ({"schema": "{{ unit.schema }}"},)
{%- endif %}

    id: uuid.UUID = Field(sa_type=Uuid, primary_key=True)
    key_id: str = Field(sa_type=String(16), unique=True, index=True)
    name: str = Field(sa_type=String(100))
    # Space-separated, as OAuth2 writes scopes; a scope never contains a space.
    scopes: str = Field(sa_type=Text)
    key_hash: str = Field(sa_type=String(64))
    created_at: datetime = Field(sa_type=UtcDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    version: int = Field(sa_type=Integer)
