"""Create the {{ unit.name }} table: the first migration of the Tortoise app ``{{ unit.name }}``."""

from uuid import uuid4

from tortoise import fields, migrations
from tortoise.migrations import operations as ops
from tortoise.migrations.constraints import CheckConstraint

from {{ unit.database }} import (
    AddCheckToNewTable,
    CaseSensitiveCharField,
    UtcDatetimeField,
)


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name="{{ unit.entity_class }}Row",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                ("name", CaseSensitiveCharField(unique=True, max_length=120)),
                ("description", fields.CharField(max_length=2000)),
                ("quantity", fields.IntField()),
                ("status", fields.CharField(db_index=True, max_length=16)),
                (
                    "created_at",
                    UtcDatetimeField(db_index=True, auto_now=False, auto_now_add=False),
                ),
                ("updated_at", UtcDatetimeField(auto_now=False, auto_now_add=False)),
                ("version", fields.IntField()),
            ],
            options={
                "table": "{{ unit.name }}",
                "app": "{{ unit.name }}",
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        # CreateModel leaves CHECK constraints out of CREATE TABLE: they are added one by one.
        AddCheckToNewTable(
            model_name="{{ unit.entity_class }}Row",
            constraint=CheckConstraint(
                check="quantity >= 0",
                name="ck_{{ unit.name }}_quantity_not_negative",
            ),
        ),
        AddCheckToNewTable(
            model_name="{{ unit.entity_class }}Row",
            constraint=CheckConstraint(
                check="status IN ('draft', 'active', 'archived')",
                name="ck_{{ unit.name }}_status_known",
            ),
        ),
    ]
