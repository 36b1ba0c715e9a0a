"""SQLAlchemy tables of the identity context; mapping.py maps them to the domain."""

import uuid
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from {{ unit.database }} import UtcDateTime
from {{ unit.tables }} import Base


{% include "infrastructure/_user_models.py" %}


class RefreshTokenRecord(Base):
    __tablename__ = "refresh_tokens"
{%- if unit.schema %}
    # The module's own PostgreSQL schema: its tables are visibly the identity module's.
    __table_args__ = ({"schema": "{{ unit.schema }}"},)
{%- endif %}

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("{{ unit.schema ~ "." if unit.schema else "" }}users.id", ondelete="CASCADE"), index=True
    )
    family_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
