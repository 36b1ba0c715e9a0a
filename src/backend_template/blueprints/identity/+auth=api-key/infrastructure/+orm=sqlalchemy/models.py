"""SQLAlchemy table of the identity context, mapped to and from the domain explicitly."""

import uuid
from datetime import datetime

from sqlalchemy import Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from {{ unit.domain }}.api_key import ApiKey
from {{ unit.database }} import UtcDateTime
from {{ unit.tables }} import Base


class ApiKeyRecord(Base):
    __tablename__ = "api_keys"

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


def key_to_domain(record: ApiKeyRecord) -> ApiKey:
    return ApiKey(
        id=record.id,
        key_id=record.key_id,
        name=record.name,
        scopes=frozenset(record.scopes.split()),
        key_hash=record.key_hash,
        created_at=record.created_at,
        expires_at=record.expires_at,
        last_used_at=record.last_used_at,
        revoked_at=record.revoked_at,
        version=record.version,
    )


def key_to_record(key: ApiKey) -> ApiKeyRecord:
    return ApiKeyRecord(
        id=key.id,
        key_id=key.key_id,
        name=key.name,
        scopes=" ".join(sorted(key.scopes)),
        key_hash=key.key_hash,
        created_at=key.created_at,
        expires_at=key.expires_at,
        last_used_at=key.last_used_at,
        revoked_at=key.revoked_at,
        version=key.version,
    )
