"""Create the {{ unit.name }} table: the first migration of the Tortoise app ``{{ unit.name }}``.
{%- if unit.upstream %}

Beside it, ``{{ unit.name }}_{{ unit.upstream.entity_plural }}``: the known {{ unit.upstream.entity_plural }}.
{%- endif %}
{%- if unit.schema %}

The {{ "tables live" if unit.upstream else "table lives" }} in the module's own PostgreSQL schema, ``{{ unit.schema }}``, created here first.
{% endif %}"""

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
{%- if unit.schema %}
        # The module's tables live in its own schema, created before them and dropped after them.
        ops.CreateSchema(schema_name="{{ unit.schema }}"),
{%- endif %}
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
{%- if unit.schema %}
                "schema": "{{ unit.schema }}",
{%- endif %}
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
{%- if unit.upstream %}
        # The {{ unit.upstream.name }} {{ unit.upstream.entity_plural }} the app knows of, from their events.
        ops.CreateModel(
            name="Known{{ unit.upstream.entity_class }}Row",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                ("name", fields.CharField(db_index=True, max_length=200)),
                ("status", fields.CharField(max_length=16)),
                ("quantity", fields.IntField()),
                ("deleted", fields.BooleanField()),
                ("last_event_at", UtcDatetimeField(auto_now=False, auto_now_add=False)),
                ("events_applied", fields.IntField()),
            ],
            options={
                "table": "{{ unit.name }}_{{ unit.upstream.entity_plural }}",
{%- if unit.schema %}
                "schema": "{{ unit.schema }}",
{%- endif %}
                "app": "{{ unit.name }}",
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
{%- endif %}
    ]
