"""The column types every backend shares: UTC moments to the microsecond, case-sensitive names."""

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import String
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeEngine

from {{ cookiecutter.package_name }}.infrastructure.database import (
    UtcDateTime,
    case_sensitive_string,
)

IN_PARIS = datetime(2024, 7, 1, 14, 0, 0, 123_456, tzinfo=timezone(timedelta(hours=2)))
IN_UTC = datetime(2024, 7, 1, 12, 0, 0, 123_456, tzinfo=UTC)
ZONELESS = [sqlite.dialect(), mysql.dialect(), mysql.dialect(is_mariadb=True)]
# SQLAlchemy leaves this dialect's constructor unannotated.
POSTGRESQL: Dialect = postgresql.dialect()  # type: ignore[no-untyped-call]


def compiled(type_: TypeEngine[Any], dialect: Dialect) -> str:
    return dialect.type_compiler_instance.process(type_)


def test_naive_datetimes_are_refused_before_reaching_the_database() -> None:
    with pytest.raises(ValueError, match="naive"):
        UtcDateTime().process_bind_param(IN_UTC.replace(tzinfo=None), sqlite.dialect())


@pytest.mark.parametrize("dialect", ZONELESS, ids=lambda dialect: dialect.name)
def test_backends_without_zones_receive_naive_utc(dialect: Dialect) -> None:
    assert UtcDateTime().process_bind_param(IN_PARIS, dialect) == IN_UTC.replace(tzinfo=None)


def test_postgresql_receives_the_moment_in_utc_with_its_zone() -> None:
    bound = UtcDateTime().process_bind_param(IN_PARIS, POSTGRESQL)

    assert bound == IN_UTC
    assert bound is not None
    assert bound.utcoffset() == timedelta(0)


def test_values_read_back_are_labelled_utc() -> None:
    naive = UtcDateTime().process_result_value(IN_UTC.replace(tzinfo=None), sqlite.dialect())
    zoned = UtcDateTime().process_result_value(IN_PARIS, POSTGRESQL)

    assert (naive, zoned) == (IN_UTC, IN_UTC)
    assert naive is not None
    assert naive.tzinfo is UTC


@pytest.mark.parametrize(
    "dialect", [mysql.dialect(), mysql.dialect(is_mariadb=True)], ids=["mysql", "mariadb"]
)
def test_mysql_keeps_microseconds_and_compares_names_by_case(dialect: Dialect) -> None:
    assert compiled(UtcDateTime(), dialect) == "DATETIME(6)"
    assert "COLLATE utf8mb4_bin" in compiled(case_sensitive_string(120), dialect)


def test_other_backends_get_plain_types() -> None:
    assert compiled(UtcDateTime(), POSTGRESQL) == "TIMESTAMP WITH TIME ZONE"
    assert compiled(case_sensitive_string(120), POSTGRESQL) == "VARCHAR(120)"
    assert isinstance(case_sensitive_string(120), String)
