"""The create-admin-key command, run in-process against the test database."""

import asyncio
from datetime import timedelta

import pytest
from pydantic import SecretStr

from {{ unit.application }}.authenticate_key import (
    AuthenticateApiKey,
)
from {{ unit.application }}.dto import ApiKeyView
from {{ unit.composition }} import issue_key, main
from {{ unit.database }} import Database
from {{ unit.infrastructure }}.key_hasher import HmacKeyHasher
from {{ unit.infrastructure }}.unit_of_work import (
    unit_of_work_factory,
)
from {{ unit.shared }}.clock import SystemClock
from {{ unit.shared }}.settings import Settings


@pytest.fixture
def command_environment(
    monkeypatch: pytest.MonkeyPatch, settings: Settings, database: Database
) -> None:
    """The command reads its settings from the environment, like in production."""
    del database  # requested so that the rows the command writes are cleaned up
    monkeypatch.setenv("APP_ENVIRONMENT", "test")
    monkeypatch.setenv("APP_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("APP_LOG_JSON", "false")
    pepper = settings.api_key_pepper
    assert isinstance(pepper, SecretStr)
    monkeypatch.setenv("APP_API_KEY_PEPPER", pepper.get_secret_value())


async def authenticate_once(settings: Settings, key: str) -> ApiKeyView:
    database = Database.from_settings(settings)
    try:
        authenticate = AuthenticateApiKey(
            unit_of_work_factory(database),
            HmacKeyHasher.from_settings(settings),
            SystemClock(),
            timedelta(seconds=settings.api_key_last_used_interval_seconds),
        )
        return await authenticate.execute(key)
    finally:
        await database.dispose()


@pytest.mark.usefixtures("command_environment")
def test_prints_a_working_key_with_every_permission_once(
    capsys: pytest.CaptureFixture[str], settings: Settings
) -> None:
    assert main(["create-admin-key", "--name", "bootstrap"]) == 0

    output = capsys.readouterr()
    key = output.out.strip()
    assert key.startswith(f"{settings.api_key_prefix}_")
    assert key not in output.err
    assert "shown only once" in output.err
    view = asyncio.run(authenticate_once(settings, key))
    assert (view.name, view.scopes) == ("bootstrap", ("*",))


@pytest.mark.usefixtures("command_environment")
def test_refuses_a_blank_name_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["create-admin-key", "--name", "  "]) == 1
    assert capsys.readouterr().err.startswith("error: The key name is not acceptable")


async def test_issue_key_is_what_fixtures_and_the_command_share(
    database: Database, settings: Settings
) -> None:
    issued = await issue_key(database, settings, name="reader", scopes=["*:read"])
    assert issued.view.scopes == ("*:read",)
