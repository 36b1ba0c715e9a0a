{#- A platform unit's first migration: its one model, in the platform's schema where it has one. -#}
"""Create the {% block what %}{% endblock %} table: the first migration of the Tortoise app ``{{ unit.name }}``.
{%- if unit.schema %}

The table lives in the platform's own PostgreSQL schema, ``{{ unit.schema }}``, created here first.
{% endif %}"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from {{ unit.database }} import UtcDatetimeField


class Migration(migrations.Migration):
    initial = True

    operations = [
{%- if unit.schema %}
        # The platform's tables live in its own schema, created before them, dropped after them.
        ops.CreateSchema(schema_name="{{ unit.schema }}"),
{%- endif %}
        ops.CreateModel(
            name="{% block model %}{% endblock %}",
            fields=[{% block fields %}{% endblock %}
            ],
            options={
                "table": "{% block table %}{% endblock %}",
{%- if unit.schema %}
                "schema": "{{ unit.schema }}",
{%- endif %}
                "app": "{{ unit.name }}",
                "pk_attr": "{% block primary_key %}{% endblock %}",
            },
            bases=["Model"],
        ),
    ]
{# The line end above ends the migration: a part loses its own last one. #}
