{% extends "migrations/_platform_table.py" %}
{% block what %}outbox{% endblock %}
{% block table %}outbox_messages{% endblock %}
{% block indexed %}published_at{% endblock %}
{% block columns %}
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
{%- endblock %}
