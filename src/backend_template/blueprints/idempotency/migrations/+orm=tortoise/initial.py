"""Create the idempotency keys table: the first migration of the Tortoise app ``{{ unit.name }}``.
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
            name="IdempotencyKeyRow",
            fields=[
                (
                    "key",
                    fields.CharField(max_length=64, primary_key=True, unique=True, db_index=True),
                ),
                ("fingerprint", fields.CharField(max_length=64)),
                ("status", fields.IntField(null=True)),
                ("headers", fields.TextField(null=True)),
                ("body", fields.TextField(null=True)),
                (
                    "expires_at",
                    UtcDatetimeField(db_index=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "idempotency_keys",
{%- if unit.schema %}
                "schema": "{{ unit.schema }}",
{%- endif %}
                "app": "{{ unit.name }}",
                "pk_attr": "key",
            },
            bases=["Model"],
        ),
    ]
