"""What provisioning needs to know of PostgreSQL."""

from sqlalchemy.exc import DBAPIError

CONNECT_ARGS = {"timeout": 5}
UNDEFINED_DATABASE = "3D000"  # SQLSTATE invalid_catalog_name
MAINTENANCE_DATABASE = "postgres"


def is_missing_database(error: DBAPIError) -> bool:
    code = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    return code == UNDEFINED_DATABASE


def create_database_statement(quoted_name: str) -> str:
    return f"CREATE DATABASE {quoted_name}"


def drop_database_statement(quoted_name: str) -> str:
    # FORCE ends the sessions still connected to it (PostgreSQL 13+), e.g. an interrupted run's.
    return f"DROP DATABASE IF EXISTS {quoted_name} WITH (FORCE)"
