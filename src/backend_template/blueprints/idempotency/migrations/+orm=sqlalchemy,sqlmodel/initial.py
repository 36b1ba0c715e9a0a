{#- With a schema (the platform's, on PostgreSQL) every operation names it, and indexes carry it. -#}
{%- set in_schema = ", schema=SCHEMA" if unit.schema else "" -%}
{%- set ix = "{INDEX}" if unit.schema else "ix_{TABLE}" -%}
"""Create the idempotency keys table{{ " in the platform's own schema" if unit.schema else "" }}.

Revision ID: {{ unit.revision }}
Revises: {{ unit.down_revision or "- (first revision)" }}
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

from {{ unit.database }} import UtcDateTime

revision: str = "{{ unit.revision }}"
down_revision: str | None = {{ unit.down_revision | tojson if unit.down_revision else "None" }}
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "idempotency_keys"
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
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("headers", sa.Text(), nullable=True),
        sa.Column(
            "body",
            sa.Text().with_variant(mysql.MEDIUMTEXT(), "mysql", "mariadb"),
            nullable=True,
        ),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f(f"pk_{TABLE}")),
{%- if unit.schema %}
        schema=SCHEMA,
{%- endif %}
    )
    op.create_index(op.f(f"{{ ix }}_expires_at"), TABLE, ["expires_at"]{{ in_schema }})


def downgrade() -> None:
    op.drop_index(op.f(f"{{ ix }}_expires_at"), table_name=TABLE{{ in_schema }})
    op.drop_table(TABLE{{ in_schema }})
{%- if unit.schema %}
    # No CASCADE: the schema goes only once the platform has no table left in it.
    op.execute(sa.schema.DropSchema(SCHEMA))
{%- endif %}
