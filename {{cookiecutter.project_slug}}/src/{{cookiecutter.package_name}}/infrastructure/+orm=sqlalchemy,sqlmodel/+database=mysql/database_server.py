"""What provisioning needs to know of MySQL/MariaDB."""

from sqlalchemy.exc import DBAPIError

CONNECT_ARGS = {"connect_timeout": 5}
UNKNOWN_DATABASE = 1049  # ER_BAD_DB_ERROR
# Every account may connect to it, and the database named in the URL does not exist yet.
MAINTENANCE_DATABASE = "information_schema"


def is_missing_database(error: DBAPIError) -> bool:
    arguments: tuple[object, ...] = getattr(error.orig, "args", ())
    return bool(arguments) and arguments[0] == UNKNOWN_DATABASE


def create_database_statement(quoted_name: str) -> str:
    return f"CREATE DATABASE IF NOT EXISTS {quoted_name} CHARACTER SET utf8mb4"


def drop_database_statement(quoted_name: str) -> str:
    return f"DROP DATABASE IF EXISTS {quoted_name}"
