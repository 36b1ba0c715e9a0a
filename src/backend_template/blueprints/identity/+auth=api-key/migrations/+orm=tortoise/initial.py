"""identity: API keys."""

from uuid import uuid4

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from {{ unit.database }} import UtcDatetimeField


class Migration(migrations.Migration):
    initial = True

    operations = [
{%- if unit.schema %}
        # The module's tables live in its own schema, created before them and dropped after them.
        ops.CreateSchema(schema_name="{{ unit.schema }}"),
{%- endif %}
        ops.CreateModel(
            name="ApiKeyRecord",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                ("key_id", fields.CharField(unique=True, max_length=16)),
                ("name", fields.CharField(max_length=100)),
                ("scopes", fields.TextField(unique=False)),
                ("key_hash", fields.CharField(max_length=64)),
                ("created_at", UtcDatetimeField(auto_now=False, auto_now_add=False)),
                ("expires_at", UtcDatetimeField(null=True, auto_now=False, auto_now_add=False)),
                (
                    "last_used_at",
                    UtcDatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                (
                    "revoked_at",
                    UtcDatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("version", fields.IntField()),
            ],
{%- if unit.schema %}
            options={
                "table": "api_keys",
                "schema": "{{ unit.schema }}",
                "app": "{{ unit.name }}",
                "pk_attr": "id",
            },
{%- else %}
            options={"table": "api_keys", "app": "{{ unit.name }}", "pk_attr": "id"},
{%- endif %}
            bases=["Model"],
        ),
    ]
