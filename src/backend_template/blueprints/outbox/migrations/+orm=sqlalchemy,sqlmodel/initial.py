{#- With a schema (the platform's, on PostgreSQL) every operation names it, and indexes carry it. -#}
{%- set in_schema = ", schema=SCHEMA" if unit.schema else "" -%}
{%- set ix = "{INDEX}" if unit.schema else "ix_{TABLE}" -%}
"""Create the outbox table{{ " in the platform's own schema" if unit.schema else "" }}.

Revision ID: {{ unit.revision }}
Revises: {{ unit.down_revision or "- (first revision)" }}
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from {{ unit.database }} import UtcDateTime

revision: str = "{{ unit.revision }}"
down_revision: str | None = {{ unit.down_revision | tojson if unit.down_revision else "None" }}
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "outbox_messages"
{%- if unit.schema %}
SCHEMA = "{{ unit.schema }}"
# The naming convention labels a column schema_table_column: index names start with the schema.
INDEX = f"ix_{SCHEMA}_{TABLE}"
{%- endif %}


def upgrade() -> None:
{%- if unit.schema %}
    op.execute(sa.schema.CreateSchema(SCHEMA, if_not_exists=True))
{%- endif %}
    op.create_table(
        TABLE,
        sa.Column(
            "position",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("occurred_at", UtcDateTime(), nullable=False),
        sa.Column("published_at", UtcDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("position", name=op.f(f"pk_{TABLE}")),
        sa.UniqueConstraint("event_id", name=op.f(f"uq_{TABLE}_event_id")),
{%- if unit.schema %}
        schema=SCHEMA,
{%- endif %}
    )
    op.create_index(op.f(f"{{ ix }}_published_at"), TABLE, ["published_at"]{{ in_schema }})


def downgrade() -> None:
    op.drop_index(op.f(f"{{ ix }}_published_at"), table_name=TABLE{{ in_schema }})
    op.drop_table(TABLE{{ in_schema }})
{%- if unit.schema %}
    # No CASCADE: the schema goes only once the platform has no table left in it.
    op.execute(sa.schema.DropSchema(SCHEMA))
{%- endif %}
