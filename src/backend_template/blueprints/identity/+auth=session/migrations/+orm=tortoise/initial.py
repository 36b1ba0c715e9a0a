"""identity: users and their server-side sessions."""

from uuid import uuid4

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops
from tortoise.migrations.constraints import CheckConstraint

from {{ unit.database }} import AddCheckToNewTable, UtcDatetimeField

ROLE_CHECK = CheckConstraint(check="role IN ('admin', 'editor', 'user')", name="ck_users_role")


class Migration(migrations.Migration):
    initial = True

    operations = [
{%- if unit.schema %}
        # The module's tables live in its own schema, created before them and dropped after them.
        ops.CreateSchema(schema_name="{{ unit.schema }}"),
{%- endif %}
        ops.CreateModel(
            name="UserRecord",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                ("email", fields.CharField(unique=True, max_length=320)),
                ("password_hash", fields.CharField(max_length=255)),
                ("role", fields.CharField(max_length=16)),
                ("is_active", fields.BooleanField()),
                ("created_at", UtcDatetimeField(auto_now=False, auto_now_add=False)),
                ("updated_at", UtcDatetimeField(auto_now=False, auto_now_add=False)),
                ("version", fields.IntField()),
            ],
            options={
                "table": "users",
{%- if unit.schema %}
                "schema": "{{ unit.schema }}",
{%- endif %}
                "app": "{{ unit.name }}",
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        # CreateModel leaves CHECK constraints out of CREATE TABLE: the check is added after it.
        AddCheckToNewTable(model_name="UserRecord", constraint=ROLE_CHECK),
        ops.CreateModel(
            name="SessionRecord",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "{{ unit.name }}.UserRecord",
                        source_field="user_id",
                        db_index=True,
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("token_hash", fields.CharField(unique=True, max_length=64)),
                ("csrf_token", fields.CharField(max_length=64)),
                ("created_at", UtcDatetimeField(auto_now=False, auto_now_add=False)),
                ("last_seen_at", UtcDatetimeField(auto_now=False, auto_now_add=False)),
                ("expires_at", UtcDatetimeField(auto_now=False, auto_now_add=False)),
            ],
{%- if unit.schema %}
            options={
                "table": "sessions",
                "schema": "{{ unit.schema }}",
                "app": "{{ unit.name }}",
                "pk_attr": "id",
            },
{%- else %}
            options={"table": "sessions", "app": "{{ unit.name }}", "pk_attr": "id"},
{%- endif %}
            bases=["Model"],
        ),
    ]
