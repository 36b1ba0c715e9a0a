"""The ``outbox_messages`` table: integration events stored with the change they announce.

Every model of the Tortoise app ``{{ unit.name }}`` is defined here.
"""

from tortoise import fields
from tortoise.models import Model

from {{ unit.database }} import UtcDatetimeField

NAME_MAX_LENGTH = 200


class OutboxMessageRow(Model):
    # The order the events were stored in, which is the order they are published in.
    position = fields.BigIntField(primary_key=True)
    event_id = fields.UUIDField(unique=True)
    name = fields.CharField(max_length=NAME_MAX_LENGTH)
    # The event's wire form (IntegrationEvent.to_json), published as it is.
    body = fields.TextField()
    occurred_at = UtcDatetimeField()
    published_at = UtcDatetimeField(null=True, db_index=True)
    attempts = fields.IntField()
    last_error = fields.TextField(null=True)

    class Meta:
        app = "{{ unit.name }}"
{%- if unit.schema %}
        # The platform's own PostgreSQL schema, beside the modules' schemas.
        schema = "{{ unit.schema }}"
{%- endif %}
        table = "outbox_messages"
