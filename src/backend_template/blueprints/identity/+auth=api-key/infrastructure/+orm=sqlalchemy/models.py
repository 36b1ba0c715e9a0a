"""SQLAlchemy table of the identity context; mapping.py maps them to the domain."""

import uuid
from datetime import datetime

from sqlalchemy import Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from {{ unit.database }} import UtcDateTime
from {{ unit.tables }} import Base


class ApiKeyRecord(Base):
    __tablename__ = "api_keys"
{%- if unit.schema %}
    # The module's own PostgreSQL schema: its tables are visibly the identity module's.
    __table_args__ = ({"schema": "{{ unit.schema }}"},)
{%- endif %}

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    key_id: Mapped[str] = mapped_column(String(16), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(100))
    # Space-separated, as OAuth2 writes scopes; a scope never contains a space.
    scopes: Mapped[str] = mapped_column(Text)
    key_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer)
