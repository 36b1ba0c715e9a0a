"""The create-admin command, run in-process against the test database."""

import pytest

from {{ unit.composition }} import main
from {{ unit.database }} import Database
from {{ unit.infrastructure }}.administration import (
    ADMIN_CREDENTIAL_ENV,
)
from {{ unit.shared }}.settings import Settings

from tests.auth_fixtures import new_credentials


@pytest.fixture
def command_environment(
    monkeypatch: pytest.MonkeyPatch, settings: Settings, database: Database
) -> None:
    """The command reads its settings from the environment, like in production."""
    del database  # requested so that the rows the command writes are cleaned up
    monkeypatch.setenv("APP_ENVIRONMENT", "test")
    monkeypatch.setenv("APP_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("APP_LOG_JSON", "false")


@pytest.mark.usefixtures("command_environment")
def test_creates_the_admin_then_leaves_it_alone(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    email, password = new_credentials("root")
    monkeypatch.setenv(ADMIN_CREDENTIAL_ENV, password)

    assert main(["create-admin", "--email", email]) == 0
    assert f"admin {email} created" in capsys.readouterr().out

    assert main(["create-admin", "--email", email.upper()]) == 0
    output = capsys.readouterr()
    assert f"admin {email} promoted (password unchanged)" in output.out
    assert password not in output.out + output.err


@pytest.mark.usefixtures("command_environment")
def test_refuses_a_weak_password_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(ADMIN_CREDENTIAL_ENV, "short")

    assert main(["create-admin", "--email", "root@example.com"]) == 1
    assert capsys.readouterr().err.startswith("error: The password is not acceptable")
