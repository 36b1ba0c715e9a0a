{#- With a schema (a module on PostgreSQL) every operation names it, and indexes carry it. -#}
{%- set in_schema = ", schema=SCHEMA" if unit.schema else "" -%}
{%- set ix = "{INDEX}" if unit.schema else "ix_{TABLE}" -%}
{%- set known_ix = "{KNOWN_INDEX}" if unit.schema else "ix_{KNOWN}" -%}
"""Create the {{ unit.name }} {{ "tables" if unit.upstream else "table" }}{{ " in the module's own schema" if unit.schema else "" }}.
{%- if unit.upstream %}

Beside the context's own table, ``{{ unit.name }}_{{ unit.upstream.entity_plural }}``: what it knows of the {{ unit.upstream.name }} {{ unit.upstream.entity_plural }}.
{%- endif %}

Revision ID: {{ unit.revision }}
Revises: {{ unit.down_revision or "- (first revision)" }}
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from {{ unit.database }} import (
    UtcDateTime,
    case_sensitive_string,
)

revision: str = "{{ unit.revision }}"
down_revision: str | None = {{ unit.down_revision | tojson if unit.down_revision else "None" }}
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "{{ unit.name }}"
{%- if unit.upstream %}
# The {{ unit.upstream.name }} {{ unit.upstream.entity_plural }} this context knows of, from their events.
KNOWN = "{{ unit.name }}_{{ unit.upstream.entity_plural }}"
{%- endif %}
{%- if unit.schema %}
SCHEMA = "{{ unit.schema }}"
# The naming convention labels a column schema_table_column: index names start with the schema.
INDEX = f"ix_{SCHEMA}_{TABLE}"
{%- if unit.upstream %}
KNOWN_INDEX = f"ix_{SCHEMA}_{KNOWN}"
{%- endif %}
{%- endif %}


def upgrade() -> None:
{%- if unit.schema %}
    op.execute(sa.schema.CreateSchema(SCHEMA, if_not_exists=True))
{%- endif %}
    op.create_table(
        TABLE,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", case_sensitive_string(120), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("quantity >= 0", name=op.f(f"ck_{TABLE}_quantity_not_negative")),
        sa.CheckConstraint(
            "status IN ('draft', 'active', 'archived')",
            name=op.f(f"ck_{TABLE}_status_known"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
{%- if unit.schema %}
        schema=SCHEMA,
{%- endif %}
    )
    op.create_index(op.f(f"{{ ix }}_name"), TABLE, ["name"], unique=True{{ in_schema }})
    op.create_index(op.f(f"{{ ix }}_status"), TABLE, ["status"]{{ in_schema }})
    op.create_index(op.f(f"{{ ix }}_created_at"), TABLE, ["created_at"]{{ in_schema }})
{%- if unit.upstream %}
    op.create_table(
        KNOWN,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("last_event_at", UtcDateTime(), nullable=False),
        sa.Column("events_applied", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{KNOWN}")),
{%- if unit.schema %}
        schema=SCHEMA,
{%- endif %}
    )
    op.create_index(op.f(f"{{ known_ix }}_name"), KNOWN, ["name"]{{ in_schema }})
{%- endif %}


def downgrade() -> None:
{%- if unit.upstream %}
    op.drop_index(op.f(f"{{ known_ix }}_name"), table_name=KNOWN{{ in_schema }})
    op.drop_table(KNOWN{{ in_schema }})
{%- endif %}
    op.drop_index(op.f(f"{{ ix }}_created_at"), table_name=TABLE{{ in_schema }})
    op.drop_index(op.f(f"{{ ix }}_status"), table_name=TABLE{{ in_schema }})
    op.drop_index(op.f(f"{{ ix }}_name"), table_name=TABLE{{ in_schema }})
    op.drop_table(TABLE{{ in_schema }})
{%- if unit.schema %}
    # No CASCADE: the schema goes only once the module has no table left in it.
    op.execute(sa.schema.DropSchema(SCHEMA))
{%- endif %}
