{#- With a schema (a module on PostgreSQL) every operation names it, and indexes carry it. -#}
{%- set in_schema = ", schema=SCHEMA" if unit.schema else "" -%}
"""identity: users and their server-side sessions.

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
        "users",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("role IN ('admin', 'editor', 'user')", name=op.f("ck_users_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
{%- if unit.schema %}
        schema=SCHEMA,
{%- endif %}
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("last_seen_at", UtcDateTime(), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["{{ unit.schema ~ "." if unit.schema else "" }}users.id"],
            name=op.f("fk_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions")),
{%- if unit.schema %}
        schema=SCHEMA,
    )
    # The naming convention labels a column schema_table_column: index names carry the schema.
    op.create_index(
        op.f("ix_{{ unit.schema }}_sessions_token_hash"),
        "sessions",
        ["token_hash"],
        unique=True,
        schema=SCHEMA,
    )
    op.create_index(
        op.f("ix_{{ unit.schema }}_sessions_user_id"),
        "sessions",
        ["user_id"],
        unique=False,
        schema=SCHEMA,
    )
{%- else %}
    )
    op.create_index(op.f("ix_sessions_token_hash"), "sessions", ["token_hash"], unique=True)
    op.create_index(op.f("ix_sessions_user_id"), "sessions", ["user_id"], unique=False)
{%- endif %}


def downgrade() -> None:
    # Its indexes go with the table: MySQL refuses to drop an index a foreign key relies on.
    op.drop_table("sessions"{{ in_schema }})
    op.drop_table("users"{{ in_schema }})
{%- if unit.schema %}
    # No CASCADE: the schema goes only once the module has no table left in it.
    op.execute(sa.schema.DropSchema(SCHEMA))
{%- endif %}
