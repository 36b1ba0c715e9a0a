"""Settings every project has: environment variables, parsing, caching."""

import pytest
from pydantic import ValidationError

from {{ cookiecutter.package_name }}.shared import settings as settings_module
from {{ cookiecutter.package_name }}.shared.settings import Environment, Settings

pytestmark = pytest.mark.usefixtures("clean_app_environment")


def test_get_settings_reads_the_environment_once(monkeypatch: pytest.MonkeyPatch) -> None:
    settings_module.get_settings.cache_clear()
    monkeypatch.setenv("APP_APP_NAME", "From The Environment")
    try:
        first = settings_module.get_settings()
        monkeypatch.setenv("APP_APP_NAME", "Changed Later")
        assert settings_module.get_settings() is first
        assert first.app_name == "From The Environment"
    finally:
        settings_module.get_settings.cache_clear()


def test_values_come_from_app_prefixed_environment_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("APP_ENVIRONMENT", "test")
    monkeypatch.setenv("APP_LOG_LEVEL", "debug")
    monkeypatch.setenv("APP_LOG_JSON", "false")
    monkeypatch.setenv("APP_DATABASE_POOL_SIZE", "3")
    configured = Settings(_env_file=None)
    assert configured.environment is Environment.TEST
    assert configured.log_level == "DEBUG"
    assert configured.log_json is False
    assert configured.database_pool_size == 3


@pytest.mark.parametrize(
    "raw",
    ["https://a.example, https://b.example", '["https://a.example", "https://b.example"]'],
)
def test_cors_origins_accept_a_comma_separated_list_or_json(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv("APP_CORS_ORIGINS", raw)
    assert Settings(_env_file=None).cors_origins == ["https://a.example", "https://b.example"]


def test_an_unknown_environment_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENVIRONMENT", "staging")
    with pytest.raises(ValidationError, match="environment"):
        Settings(_env_file=None)
