"""Tortoise model of the local users, mapped to and from the domain explicitly."""

from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model

from {{ unit.domain }}.user import Role, User
from {{ unit.database }} import UtcDatetimeField

ROLE_CHECK = CheckConstraint(check="role IN ('admin', 'user')", name="ck_users_role")


class UserRecord(Model):
    id = fields.UUIDField(primary_key=True)
    email = fields.CharField(max_length=320, unique=True)
    password_hash = fields.CharField(max_length=255)
    role = fields.CharField(max_length=16)
    is_active = fields.BooleanField()
    created_at = UtcDatetimeField()
    updated_at = UtcDatetimeField()
    version = fields.IntField()

    class Meta:
        table = "users"
        constraints = (ROLE_CHECK,)


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
