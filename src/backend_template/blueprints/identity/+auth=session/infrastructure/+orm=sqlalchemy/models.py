"""SQLAlchemy tables of the identity context, mapped to and from the domain explicitly."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from {{ unit.domain }}.session import Session
from {{ unit.database }} import UtcDateTime
from {{ unit.tables }} import Base


class SessionRecord(Base):
    __tablename__ = "sessions"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)


def session_to_domain(record: SessionRecord) -> Session:
    return Session(
        id=record.id,
        user_id=record.user_id,
        token_hash=record.token_hash,
        csrf_token=record.csrf_token,
        created_at=record.created_at,
        last_seen_at=record.last_seen_at,
        expires_at=record.expires_at,
    )


def session_to_record(session: Session) -> SessionRecord:
    return SessionRecord(
        id=session.id,
        user_id=session.user_id,
        token_hash=session.token_hash,
        csrf_token=session.csrf_token,
        created_at=session.created_at,
        last_seen_at=session.last_seen_at,
        expires_at=session.expires_at,
    )
