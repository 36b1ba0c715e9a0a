"""SQLModel tables of the identity context, mapped to and from the domain explicitly."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Uuid
from sqlmodel import Column, Field

from {{ unit.domain }}.session import Session
from {{ unit.database }} import UtcDateTime
from {{ unit.tables }} import SQLModel


class SessionRecord(SQLModel, table=True):
    __tablename__ = "sessions"

    id: uuid.UUID = Field(sa_type=Uuid, primary_key=True)
    user_id: uuid.UUID = Field(
        sa_column=Column(
            Uuid, ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
        )
    )
    token_hash: str = Field(sa_type=String(64), unique=True, index=True)
    csrf_token: str = Field(sa_type=String(64))
    created_at: datetime = Field(sa_type=UtcDateTime)
    last_seen_at: datetime = Field(sa_type=UtcDateTime)
    expires_at: datetime = Field(sa_type=UtcDateTime)


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
