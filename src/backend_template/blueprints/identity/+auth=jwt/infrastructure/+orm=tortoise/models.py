"""Tortoise models of the identity context; mapping.py maps them to the domain."""

import uuid

from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model

from {{ unit.database }} import UtcDatetimeField

__all__ = ["RefreshTokenRecord", "UserRecord"]

{% include "infrastructure/_user_models.py" %}


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
{%- if unit.schema %}
        schema = "{{ unit.schema }}"
{%- endif %}
