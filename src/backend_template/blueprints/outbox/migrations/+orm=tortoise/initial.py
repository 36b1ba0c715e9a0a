"""Create the outbox table: the first migration of the Tortoise app ``{{ unit.name }}``.
{%- if unit.schema %}

The table lives in the platform's own PostgreSQL schema, ``{{ unit.schema }}``, created here first.
{% endif %}"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from {{ unit.database }} import UtcDatetimeField


class Migration(migrations.Migration):
    initial = True

    operations = [
{%- if unit.schema %}
        # The platform's tables live in its own schema, created before them, dropped after them.
        ops.CreateSchema(schema_name="{{ unit.schema }}"),
{%- endif %}
        ops.CreateModel(
            name="OutboxMessageRow",
            fields=[
                ("position", fields.BigIntField(primary_key=True, unique=True, db_index=True)),
                ("event_id", fields.UUIDField(unique=True)),
                ("name", fields.CharField(max_length=200)),
                ("body", fields.TextField()),
                ("occurred_at", UtcDatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "published_at",
                    UtcDatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False),
                ),
                ("attempts", fields.IntField()),
                ("last_error", fields.TextField(null=True)),
            ],
            options={
                "table": "outbox_messages",
{%- if unit.schema %}
                "schema": "{{ unit.schema }}",
{%- endif %}
                "app": "{{ unit.name }}",
                "pk_attr": "position",
            },
            bases=["Model"],
        ),
    ]
