"""Create the {{ unit.name }} table.

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


def upgrade() -> None:
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
    )
    op.create_index(op.f(f"ix_{TABLE}_name"), TABLE, ["name"], unique=True)
    op.create_index(op.f(f"ix_{TABLE}_status"), TABLE, ["status"])
    op.create_index(op.f(f"ix_{TABLE}_created_at"), TABLE, ["created_at"])


def downgrade() -> None:
    op.drop_index(op.f(f"ix_{TABLE}_created_at"), table_name=TABLE)
    op.drop_index(op.f(f"ix_{TABLE}_status"), table_name=TABLE)
    op.drop_index(op.f(f"ix_{TABLE}_name"), table_name=TABLE)
    op.drop_table(TABLE)
