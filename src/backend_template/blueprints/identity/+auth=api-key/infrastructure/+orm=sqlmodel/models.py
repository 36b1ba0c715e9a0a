"""SQLModel table of the identity context, mapped to and from the domain explicitly."""

import uuid
from datetime import datetime

from sqlalchemy import Integer, String, Text, Uuid
from sqlmodel import Field

from {{ unit.domain }}.api_key import ApiKey
from {{ unit.database }} import UtcDateTime
from {{ unit.tables }} import SQLModel


class ApiKeyRecord(SQLModel, table=True):
    __tablename__ = "api_keys"

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
