"""Tortoise models of the identity context, mapped to and from the domain explicitly.

This module is the identity app's models module: the users are imported here so that
Tortoise registers them with the refresh tokens.
"""

import uuid

from tortoise import fields
from tortoise.models import Model

from {{ unit.domain }}.refresh_token import RefreshToken
from {{ unit.database }} import UtcDatetimeField
from {{ unit.infrastructure }}.user_models import UserRecord

__all__ = ["RefreshTokenRecord", "UserRecord", "token_to_domain", "token_to_record"]


class RefreshTokenRecord(Model):
    id = fields.UUIDField(primary_key=True)
    user: fields.ForeignKeyRelation[UserRecord] = fields.ForeignKeyField(
        "{{ unit.name }}.UserRecord", related_name=False, on_delete=fields.CASCADE, db_index=True
    )
    user_id: uuid.UUID
    family_id = fields.UUIDField(db_index=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    issued_at = UtcDatetimeField()
    expires_at = UtcDatetimeField()
    used_at = UtcDatetimeField(null=True)
    revoked_at = UtcDatetimeField(null=True)

    class Meta:
        table = "refresh_tokens"


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
