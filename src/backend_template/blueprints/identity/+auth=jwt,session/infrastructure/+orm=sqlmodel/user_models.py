"""SQLModel table of the local users, mapped to and from the domain explicitly."""

import uuid
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Integer, String, Uuid
from sqlmodel import Field

from {{ unit.domain }}.user import Role, User
from {{ unit.database }} import UtcDateTime
from {{ unit.tables }} import SQLModel


class UserRecord(SQLModel, table=True):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('admin', 'user')", name="role"),)

    id: uuid.UUID = Field(sa_type=Uuid, primary_key=True)
    email: str = Field(sa_type=String(320), unique=True)
    password_hash: str = Field(sa_type=String(255))
    role: str = Field(sa_type=String(16))
    is_active: bool = Field(sa_type=Boolean)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    version: int = Field(sa_type=Integer)


def user_to_domain(record: UserRecord) -> User:
    return User(
        id=record.id,
        email=record.email,
        password_hash=record.password_hash,
        role=Role(record.role),
        is_active=record.is_active,
        created_at=record.created_at,
        updated_at=record.updated_at,
        version=record.version,
    )


def user_to_record(user: User) -> UserRecord:
    return UserRecord(
        id=user.id,
        email=user.email,
        password_hash=user.password_hash,
        role=user.role.value,
        is_active=user.is_active,
        created_at=user.created_at,
        updated_at=user.updated_at,
        version=user.version,
    )
