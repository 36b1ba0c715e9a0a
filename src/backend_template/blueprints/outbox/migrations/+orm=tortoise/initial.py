{% extends "migrations/_platform_table.py" %}
{% block what %}outbox{% endblock %}
{% block model %}OutboxMessageRow{% endblock %}
{% block table %}outbox_messages{% endblock %}
{% block primary_key %}position{% endblock %}
{% block fields %}
                ("position", fields.BigIntField(primary_key=True, unique=True, db_index=True)),
                ("event_id", fields.UUIDField(unique=True)),
                ("name", fields.CharField(max_length=200)),
                ("body", fields.TextField()),
                ("occurred_at", UtcDatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "published_at",
                    UtcDatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False),
                ),
                ("attempts", fields.IntField()),
                ("last_error", fields.TextField(null=True)),{% endblock %}
