"""The module owns its tables in the database too: they live in the module's own schema."""

from sqlalchemy import column, or_, select, table

from {{ unit.database }} import Database

SCHEMA = "{{ unit.schema }}"
TABLE = "{{ unit.name }}"
{%- if unit.upstream %}
# What the module knows of the {{ unit.upstream.name }} {{ unit.upstream.entity_plural }}: its table too.
KNOWN = "{{ unit.name }}_{{ unit.upstream.entity_plural }}"
{%- endif %}
TABLES = [TABLE{% if unit.upstream %}, KNOWN{% endif %}]

# PostgreSQL's own catalog of tables, read as the database sees it rather than as the models say.
PG_TABLES = table("pg_tables", column("schemaname"), column("tablename"), schema="pg_catalog")


async def test_the_module_table_is_in_the_module_schema_and_nowhere_else(
    database: Database,
) -> None:
    query = select(PG_TABLES.c.schemaname, PG_TABLES.c.tablename).where(
        or_(PG_TABLES.c.schemaname == SCHEMA, PG_TABLES.c.tablename.in_(TABLES))
    )
    async with database.engine.connect() as connection:
        found = {(row.schemaname, row.tablename) for row in await connection.execute(query)}
    assert found == {(SCHEMA, name) for name in TABLES}
