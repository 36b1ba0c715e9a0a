"""SQLAlchemy tables of the identity context; mapping.py maps them to the domain."""

import uuid
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from {{ unit.database }} import UtcDateTime
from {{ unit.tables }} import Base


{% include "infrastructure/_user_models.py" %}


class SessionRecord(Base):
    __tablename__ = "sessions"
{%- if unit.schema %}
    # The module's own PostgreSQL schema: its tables are visibly the identity module's.
    __table_args__ = ({"schema": "{{ unit.schema }}"},)
{%- endif %}

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("{{ unit.schema ~ "." if unit.schema else "" }}users.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
