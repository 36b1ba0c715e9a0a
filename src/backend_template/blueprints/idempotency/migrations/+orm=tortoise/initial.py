{% extends "migrations/_platform_table.py" %}
{% block what %}idempotency keys{% endblock %}
{% block model %}IdempotencyKeyRow{% endblock %}
{% block table %}idempotency_keys{% endblock %}
{% block primary_key %}key{% endblock %}
{% block fields %}
                (
                    "key",
                    fields.CharField(max_length=64, primary_key=True, unique=True, db_index=True),
                ),
                ("fingerprint", fields.CharField(max_length=64)),
                ("status", fields.IntField(null=True)),
                ("headers", fields.TextField(null=True)),
                ("body", fields.TextField(null=True)),
                (
                    "expires_at",
                    UtcDatetimeField(db_index=True, auto_now=False, auto_now_add=False),
                ),{% endblock %}
