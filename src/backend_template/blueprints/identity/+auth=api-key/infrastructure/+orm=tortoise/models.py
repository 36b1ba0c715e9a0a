"""Tortoise model of the identity context; mapping.py maps them to the domain."""

from tortoise import fields
from tortoise.models import Model

from {{ unit.database }} import UtcDatetimeField


class ApiKeyRecord(Model):
    id = fields.UUIDField(primary_key=True)
    key_id = fields.CharField(max_length=16, unique=True)
    name = fields.CharField(max_length=100)
    # Space-separated, as OAuth2 writes scopes; a scope never contains a space.
    scopes = fields.TextField()
    key_hash = fields.CharField(max_length=64)
    created_at = UtcDatetimeField()
    expires_at = UtcDatetimeField(null=True)
    last_used_at = UtcDatetimeField(null=True)
    revoked_at = UtcDatetimeField(null=True)
    version = fields.IntField()

    class Meta:
        table = "api_keys"
{%- if unit.schema %}
        schema = "{{ unit.schema }}"
{%- endif %}
