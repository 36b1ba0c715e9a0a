"""The identity module owns its tables in the database too: they live in the module's schema."""

{%- if cookiecutter.auth in ("jwt", "session") %}

from sqlalchemy import Connection, column, inspect, or_, select, table
{%- else %}

from sqlalchemy import column, or_, select, table
{%- endif %}

from {{ unit.database }} import Database

SCHEMA = "{{ unit.schema }}"
{%- if cookiecutter.auth == "jwt" %}
TABLES = {"users", "refresh_tokens"}
{%- elif cookiecutter.auth == "session" %}
TABLES = {"users", "sessions"}
{%- else %}
TABLES = {"api_keys"}
{%- endif %}

# PostgreSQL's own catalog of tables, read as the database sees it rather than as the models say.
PG_TABLES = table("pg_tables", column("schemaname"), column("tablename"), schema="pg_catalog")


async def test_the_module_tables_are_in_the_module_schema_and_nowhere_else(
    database: Database,
) -> None:
    query = select(PG_TABLES.c.schemaname, PG_TABLES.c.tablename).where(
        or_(PG_TABLES.c.schemaname == SCHEMA, PG_TABLES.c.tablename.in_(TABLES))
    )
    async with database.engine.connect() as connection:
        found = {(row.schemaname, row.tablename) for row in await connection.execute(query)}
    assert found == {(SCHEMA, name) for name in TABLES}
{%- if cookiecutter.auth in ("jwt", "session") %}


def _user_references(connection: Connection) -> list[tuple[str | None, str]]:
    table_name = "{{ "refresh_tokens" if cookiecutter.auth == "jwt" else "sessions" }}"
    foreign_keys = inspect(connection).get_foreign_keys(table_name, schema=SCHEMA)
    return [(key["referred_schema"], key["referred_table"]) for key in foreign_keys]


async def test_the_foreign_key_to_the_users_stays_inside_the_module_schema(
    database: Database,
) -> None:
    async with database.engine.connect() as connection:
        references = await connection.run_sync(_user_references)
    assert references == [(SCHEMA, "users")]
{%- endif %}
