"""The ``idempotency_keys`` table: the claim of each key, and the response it is replayed with."""

from sqlalchemy import Column, Integer, String, Table, Text
from sqlalchemy.dialects import mysql

from {{ unit.database }} import UtcDateTime
from {{ unit.tables }} import metadata

DIGEST_LENGTH = 64
# MySQL's TEXT stops at 64 KiB: a kept body may be larger.
LONG_TEXT = Text().with_variant(mysql.MEDIUMTEXT(), "mysql", "mariadb")

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    # SHA-256 of the caller and their key, in hex: no credential or key is kept as sent.
    Column("key", String(DIGEST_LENGTH), primary_key=True),
    Column("fingerprint", String(DIGEST_LENGTH), nullable=False),
    # None while the first request is under way.
    Column("status", Integer, nullable=True),
    Column("headers", Text, nullable=True),
    Column("body", LONG_TEXT, nullable=True),
    Column("expires_at", UtcDateTime, nullable=False, index=True),
{%- if unit.schema %}
    # The platform's own PostgreSQL schema, beside the modules' schemas.
    schema="{{ unit.schema }}",
{%- endif %}
)
