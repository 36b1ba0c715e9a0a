"""The ``{{ unit.name }}`` table: one row per {{ unit.entity_class }} aggregate.

Every model of the Tortoise app ``{{ unit.name }}`` is defined (or imported) here.
"""

from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model

from {{ unit.domain }}.model import (
    DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
)
from {{ unit.database }} import (
    CaseSensitiveCharField,
    Database,
    UtcDatetimeField,
)
{%- if unit.upstream %}
from {{ unit.infrastructure }}.known_models import (
    Known{{ unit.upstream.entity_class }}Row,
)
{%- endif %}

# The database objects the unit of work is written against, named beside the rows it handles.
__all__ = [
{%- set known_rows = ["Known" ~ unit.upstream.entity_class ~ "Row"] if unit.upstream else [] %}
{%- for name in (["Database", unit.entity_class ~ "Row"] + known_rows) | sort(case_sensitive=true) %}
    "{{ name }}",
{%- endfor %}
]


class {{ unit.entity_class }}Row(Model):
    id = fields.UUIDField(primary_key=True)
    name = CaseSensitiveCharField(max_length=NAME_MAX_LENGTH, unique=True)
    description = fields.CharField(max_length=DESCRIPTION_MAX_LENGTH)
    quantity = fields.IntField()
    status = fields.CharField(max_length=16, db_index=True)
    created_at = UtcDatetimeField(db_index=True)
    updated_at = UtcDatetimeField()
    version = fields.IntField()

    class Meta:
        app = "{{ unit.name }}"
{%- if unit.schema %}
        # The module's own PostgreSQL schema: its tables are visibly its own in the database.
        schema = "{{ unit.schema }}"
{%- endif %}
        table = "{{ unit.name }}"
        # Second line of defence: the aggregate already refuses both.
        constraints = (
            CheckConstraint(
                check="quantity >= 0",
                name="ck_{{ unit.name }}_quantity_not_negative",
            ),
            CheckConstraint(
                check="status IN ('draft', 'active', 'archived')",
                name="ck_{{ unit.name }}_status_known",
            ),
        )
