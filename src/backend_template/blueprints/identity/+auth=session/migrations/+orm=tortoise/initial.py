"""identity: users and their server-side sessions."""

from uuid import uuid4

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops
from tortoise.migrations.constraints import CheckConstraint
from tortoise.migrations.schema_editor.base import BaseSchemaEditor
from tortoise.migrations.schema_generator.state_apps import StateApps

from {{ unit.database }} import UtcDatetimeField

ROLE_CHECK = CheckConstraint(check="role IN ('admin', 'user')", name="ck_users_role")


async def add_role_check(apps: StateApps, schema_editor: BaseSchemaEditor) -> None:
    """Create the role check, which CreateModel records in the state but not in the database."""
    model = apps.get_model("{{ unit.name }}.UserRecord")
    await schema_editor.add_constraint(model, ROLE_CHECK)


class Migration(migrations.Migration):
    initial = True

    operations = [
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
                "app": "{{ unit.name }}",
                "constraints": [ROLE_CHECK],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        # The table takes its check along when it is dropped: nothing to undo on the way down.
        ops.RunPython(add_role_check, ops.RunPython.noop),
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
            options={"table": "sessions", "app": "{{ unit.name }}", "pk_attr": "id"},
            bases=["Model"],
        ),
    ]
