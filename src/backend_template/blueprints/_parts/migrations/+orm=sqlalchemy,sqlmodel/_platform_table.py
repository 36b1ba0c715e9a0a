{#- A platform unit's first migration: its one table and the index its sweeps use. With a schema
    (the platform's, on PostgreSQL) every operation names it, and indexes carry it. -#}
{%- set in_schema = ", schema=SCHEMA" if unit.schema else "" -%}
{%- set ix = "{INDEX}" if unit.schema else "ix_{TABLE}" -%}
"""Create the {% block what %}{% endblock %} table{{ " in the platform's own schema" if unit.schema else "" }}.

Revision ID: {{ unit.revision }}
Revises: {{ unit.down_revision or "- (first revision)" }}
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op{% block imports %}{% endblock %}

from {{ unit.database }} import UtcDateTime

revision: str = "{{ unit.revision }}"
down_revision: str | None = {{ unit.down_revision | tojson if unit.down_revision else "None" }}
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "{% block table %}{% endblock %}"
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
        TABLE,{% block columns %}{% endblock %}
{%- if unit.schema %}
        schema=SCHEMA,
{%- endif %}
    )
    op.create_index(op.f(f"{{ ix }}_{{ self.indexed() }}"), TABLE, ["{% block indexed %}{% endblock %}"]{{ in_schema }})


def downgrade() -> None:
    op.drop_index(op.f(f"{{ ix }}_{{ self.indexed() }}"), table_name=TABLE{{ in_schema }})
    op.drop_table(TABLE{{ in_schema }})
{%- if unit.schema %}
    # No CASCADE: the schema goes only once the platform has no table left in it.
    op.execute(sa.schema.DropSchema(SCHEMA))
{%- endif %}
{# The line end above ends the migration: a part loses its own last one. #}
