{%- set up = unit.upstream -%}
"""The ``{{ unit.name }}_{{ up.entity_plural }}`` table: one row per known {{ up.entity }}.

A model of the Tortoise app ``{{ unit.name }}``, imported into its ``models`` module.
"""

from tortoise import fields
from tortoise.models import Model

from {{ unit.application }}.known import NAME_MAX_LENGTH
from {{ unit.database }} import UtcDatetimeField


class Known{{ up.entity_class }}Row(Model):
    # The {{ up.name }} aggregate's id: one record per {{ up.entity }}.
    id = fields.UUIDField(primary_key=True)
    name = fields.CharField(max_length=NAME_MAX_LENGTH, db_index=True)
    status = fields.CharField(max_length=16)
    quantity = fields.IntField()
    deleted = fields.BooleanField()
    last_event_at = UtcDatetimeField()
    events_applied = fields.IntField()

    class Meta:
        app = "{{ unit.name }}"
{%- if unit.schema %}
        # The module's own PostgreSQL schema, beside the module's other tables.
        schema = "{{ unit.schema }}"
{%- endif %}
        table = "{{ unit.name }}_{{ up.entity_plural }}"
