"""Tortoise models of the identity context; mapping.py maps them to the domain.

This module is the identity app's models module: the users are imported here so that
Tortoise registers them with the sessions.
"""

import uuid

from tortoise import fields
from tortoise.models import Model

from {{ unit.database }} import UtcDatetimeField
from {{ unit.infrastructure }}.user_models import UserRecord

__all__ = ["SessionRecord", "UserRecord"]


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
{%- if unit.schema %}
        schema = "{{ unit.schema }}"
{%- endif %}
