"""Tortoise models of the identity context; mapping.py maps them to the domain."""

import uuid

from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model

from {{ unit.database }} import UtcDatetimeField

__all__ = ["SessionRecord", "UserRecord"]

{% include "infrastructure/_user_models.py" %}


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
