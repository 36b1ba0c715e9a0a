{#- With a schema (a module on PostgreSQL) every operation names it, and indexes carry it. -#}
{%- set in_schema = ", schema=SCHEMA" if unit.schema else "" -%}
"""identity: API keys.

Revision ID: {{ unit.revision }}
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from {{ unit.database }} import UtcDateTime

revision: str = "{{ unit.revision }}"
down_revision: str | None = {{ unit.down_revision | tojson if unit.down_revision else "None" }}
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
{%- if unit.schema %}

SCHEMA = "{{ unit.schema }}"
{%- endif %}


def upgrade() -> None:
{%- if unit.schema %}
    op.execute(sa.schema.CreateSchema(SCHEMA, if_not_exists=True))
{%- endif %}
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("scopes", sa.Text(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=True),
        sa.Column("last_used_at", UtcDateTime(), nullable=True),
        sa.Column("revoked_at", UtcDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
{%- if unit.schema %}
        schema=SCHEMA,
    )
    # The naming convention labels a column schema_table_column: index names carry the schema.
    op.create_index(
        op.f("ix_{{ unit.schema }}_api_keys_key_id"),
        "api_keys",
        ["key_id"],
        unique=True,
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_{{ unit.schema }}_api_keys_key_id"), table_name="api_keys", schema=SCHEMA)
    op.drop_table("api_keys", schema=SCHEMA)
    # No CASCADE: the schema goes only once the module has no table left in it.
    op.execute(sa.schema.DropSchema(SCHEMA))
{%- else %}
    )
    op.create_index(op.f("ix_api_keys_key_id"), "api_keys", ["key_id"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f("ix_api_keys_key_id"), table_name="api_keys")
    op.drop_table("api_keys")
{%- endif %}
