"""The field types every backend shares, and the connection settings given to Tortoise."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from tortoise import fields

from {{ cookiecutter.package_name }}.infrastructure.database import (
    CaseSensitiveCharField,
    Database,
    UtcDatetimeField,
    connection_config,
    tortoise_apps,
)
from {{ cookiecutter.package_name }}.shared.settings import Settings

IN_PARIS = datetime(2024, 7, 1, 14, 0, 0, 123_456, tzinfo=timezone(timedelta(hours=2)))
IN_UTC = datetime(2024, 7, 1, 12, 0, 0, 123_456, tzinfo=UTC)
POOLED = Settings(
    _env_file=None,
    database_pool_size=4,
    database_max_overflow=3,
    database_pool_timeout_seconds=7.5,
    database_pool_recycle_seconds=600,
    database_connect_timeout_seconds=2.5,
    database_statement_timeout_seconds=4.0,
)


def test_naive_datetimes_are_refused_before_reaching_the_database() -> None:
    with pytest.raises(ValueError, match="naive"):
        UtcDatetimeField().to_db_value(IN_UTC.replace(tzinfo=None), UtcDatetimeField)  # type: ignore[arg-type]


def test_moments_are_written_in_utc() -> None:
    written = UtcDatetimeField().to_db_value(IN_PARIS, UtcDatetimeField)  # type: ignore[arg-type]

    assert written == IN_UTC
    assert written.utcoffset() == timedelta(0)


def test_values_read_back_are_labelled_utc() -> None:
    field = UtcDatetimeField()

    naive = field.to_python_value(IN_UTC.replace(tzinfo=None))
    zoned = field.to_python_value(IN_PARIS)

    assert (naive, zoned) == (IN_UTC, IN_UTC)
    assert naive is not None
    assert naive.tzinfo is UTC
    assert field.to_python_value(None) is None


def test_names_compare_by_case_on_mysql_and_are_plain_elsewhere() -> None:
    name = CaseSensitiveCharField(max_length=120)

    assert name.get_for_dialect("mysql", "SQL_TYPE") == (
        "VARCHAR(120) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
    )
    assert name.get_for_dialect("postgres", "SQL_TYPE") == "VARCHAR(120)"
    assert name.get_for_dialect("sqlite", "SQL_TYPE") == "VARCHAR(120)"
    assert isinstance(name, fields.CharField)


def test_postgresql_pool_follows_the_settings() -> None:
    credentials = connection_config("asyncpg://app@db:5432/shop", POOLED)["credentials"]

    assert (credentials["minsize"], credentials["maxsize"]) == (1, 7)
    assert (credentials["timeout"], credentials["command_timeout"]) == (2.5, 4.0)
    assert credentials["max_inactive_connection_lifetime"] == 600


def test_mysql_pool_follows_the_settings_and_the_url_wins() -> None:
    url = "mysql://app:secret@db:3306/shop?maxsize=2"
    described = connection_config(url, POOLED)
    credentials = described["credentials"]

    assert described["engine"] == "tortoise.backends.mysql"
    assert (credentials["minsize"], credentials["maxsize"]) == (1, 2)
    assert (credentials["connect_timeout"], credentials["read_timeout"]) == (2.5, 4.0)
    assert credentials["pool_recycle"] == 600


def test_sqlite_gets_wal_foreign_keys_and_a_busy_timeout() -> None:
    credentials = connection_config("sqlite://./var/shop.db", POOLED)["credentials"]

    assert credentials["file_path"] == "./var/shop.db"
    assert credentials["journal_mode"] == "WAL"
    assert credentials["foreign_keys"] == "ON"
    assert credentials["busy_timeout"] == 4000
    assert "maxsize" not in credentials


def test_every_app_has_its_models_and_its_migrations() -> None:
    apps = tortoise_apps(migrations=True)

    assert apps
    for label, app in apps.items():
        (models,) = app["models"]
        # A context's package (monolith) or a module's infrastructure (modular monolith).
        assert models.endswith(".models")
        assert label in models.split(".")
        assert app["migrations"] == models.removesuffix(".models") + ".migrations"
        assert app["default_connection"] == "default"
    assert all("migrations" not in app for app in tortoise_apps().values())


async def test_disposing_an_unused_database_twice_is_harmless() -> None:
    database = Database.from_settings(POOLED)

    await database.dispose()
    await database.dispose()
