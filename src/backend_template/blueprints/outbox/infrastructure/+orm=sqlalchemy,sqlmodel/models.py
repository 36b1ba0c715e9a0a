"""The ``outbox_messages`` table: integration events stored with the change they announce."""

from sqlalchemy import BigInteger, Column, Integer, String, Table, Text, Uuid

from {{ unit.database }} import UtcDateTime
from {{ unit.tables }} import metadata

# SQLite numbers rows itself only for an INTEGER PRIMARY KEY: BIGINT elsewhere.
POSITION_TYPE = BigInteger().with_variant(Integer(), "sqlite")
NAME_MAX_LENGTH = 200

outbox_messages = Table(
    "outbox_messages",
    metadata,
    # The order the events were stored in, which is the order they are published in.
    Column("position", POSITION_TYPE, primary_key=True, autoincrement=True),
    Column("event_id", Uuid, nullable=False, unique=True),
    Column("name", String(NAME_MAX_LENGTH), nullable=False),
    # The event's wire form (IntegrationEvent.to_json), published as it is.
    Column("body", Text, nullable=False),
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("published_at", UtcDateTime, nullable=True, index=True),
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text, nullable=True),
{%- if unit.schema %}
    # The platform's own PostgreSQL schema, beside the modules' schemas.
    schema="{{ unit.schema }}",
{%- endif %}
)
