"""The ``idempotency_keys`` table: the claim of each key, and the response it is replayed with.

Every model of the Tortoise app ``{{ unit.name }}`` is defined here.
"""

from tortoise import fields
from tortoise.models import Model

from {{ unit.database }} import UtcDatetimeField

DIGEST_LENGTH = 64


class IdempotencyKeyRow(Model):
    # SHA-256 of the caller and their key, in hex: no credential or key is kept as sent.
    key = fields.CharField(max_length=DIGEST_LENGTH, primary_key=True)
    fingerprint = fields.CharField(max_length=DIGEST_LENGTH)
    # None while the first request is under way.
    status = fields.IntField(null=True)
    headers = fields.TextField(null=True)
    body = fields.TextField(null=True)
    expires_at = UtcDatetimeField(db_index=True)

    class Meta:
        app = "{{ unit.name }}"
{%- if unit.schema %}
        # The platform's own PostgreSQL schema, beside the modules' schemas.
        schema = "{{ unit.schema }}"
{%- endif %}
        table = "idempotency_keys"
