"""Provisioning: `make migrate` creates a missing database, or says in one line why it cannot."""

from collections.abc import Callable

import pytest

from {{ cookiecutter.package_name }}.infrastructure.provisioning import (
    DatabaseUnreachableError,
    ensure_database,
    main,
)


def test_an_existing_database_is_left_as_it_is(migrated_database: str) -> None:
    ensure_database(migrated_database)


def test_an_unreachable_database_is_one_line_naming_the_setting(
    migrated_database: str,
    unreachable_database_url: Callable[[str], str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = unreachable_database_url(migrated_database)
    with pytest.raises(DatabaseUnreachableError):
        ensure_database(url)
    monkeypatch.setenv("APP_DATABASE_URL", url)

    assert main([]) == 1

    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert "APP_DATABASE_URL" in lines[0]
