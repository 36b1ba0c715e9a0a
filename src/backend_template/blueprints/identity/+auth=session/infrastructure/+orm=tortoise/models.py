"""Tortoise models of the identity context, mapped to and from the domain explicitly.

This module is the identity app's models module: the users are imported here so that
Tortoise registers them with the sessions.
"""

import uuid

from tortoise import fields
from tortoise.models import Model

from {{ unit.domain }}.session import Session
from {{ unit.database }} import UtcDatetimeField
from {{ unit.infrastructure }}.user_models import UserRecord

__all__ = ["SessionRecord", "UserRecord", "session_to_domain", "session_to_record"]


class SessionRecord(Model):
    id = fields.UUIDField(primary_key=True)
    user: fields.ForeignKeyRelation[UserRecord] = fields.ForeignKeyField(
        "{{ unit.name }}.UserRecord", related_name=False, on_delete=fields.CASCADE, db_index=True
    )
    user_id: uuid.UUID
    token_hash = fields.CharField(max_length=64, unique=True)
    csrf_token = fields.CharField(max_length=64)
    created_at = UtcDatetimeField()
    last_seen_at = UtcDatetimeField()
    expires_at = UtcDatetimeField()

    class Meta:
        table = "sessions"


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
