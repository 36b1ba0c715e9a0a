{% extends "migrations/_platform_table.py" %}
{% block what %}idempotency keys{% endblock %}
{% block imports %}
from sqlalchemy.dialects import mysql{% endblock %}
{% block table %}idempotency_keys{% endblock %}
{% block indexed %}expires_at{% endblock %}
{% block columns %}
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
{%- endblock %}
