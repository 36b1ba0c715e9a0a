"""SQLModel tables of the identity context, mapped to and from the domain explicitly."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Uuid
from sqlmodel import Column, Field

from {{ unit.domain }}.refresh_token import RefreshToken
from {{ unit.database }} import UtcDateTime
from {{ unit.tables }} import SQLModel


class RefreshTokenRecord(SQLModel, table=True):
    __tablename__ = "refresh_tokens"

    id: uuid.UUID = Field(sa_type=Uuid, primary_key=True)
    user_id: uuid.UUID = Field(
        sa_column=Column(
            Uuid, ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
        )
    )
    family_id: uuid.UUID = Field(sa_type=Uuid, index=True)
    token_hash: str = Field(sa_type=String(64), unique=True, index=True)
    issued_at: datetime = Field(sa_type=UtcDateTime)
    expires_at: datetime = Field(sa_type=UtcDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


def token_to_domain(record: RefreshTokenRecord) -> RefreshToken:
    return RefreshToken(
        id=record.id,
        user_id=record.user_id,
        family_id=record.family_id,
        token_hash=record.token_hash,
        issued_at=record.issued_at,
        expires_at=record.expires_at,
        used_at=record.used_at,
        revoked_at=record.revoked_at,
    )


def token_to_record(token: RefreshToken) -> RefreshTokenRecord:
    return RefreshTokenRecord(
        id=token.id,
        user_id=token.user_id,
        family_id=token.family_id,
        token_hash=token.token_hash,
        issued_at=token.issued_at,
        expires_at=token.expires_at,
        used_at=token.used_at,
        revoked_at=token.revoked_at,
    )
