import os

import pytest
from pydantic import SecretStr, ValidationError

from {{ cookiecutter.package_name }}.shared.settings import Environment, Settings

LONG_SECRET = "a-production-secret-that-is-long-enough-0123456789"


@pytest.fixture(autouse=True)
def _no_app_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start from defaults, whatever APP_ variables the shell running the tests has."""
    for name in list(os.environ):
        if name.startswith("APP_"):
            monkeypatch.delenv(name)


def test_production_refuses_to_start_without_a_jwt_secret() -> None:
    with pytest.raises(ValidationError, match="APP_JWT_SECRET must be set in production") as error:
        Settings(_env_file=None, environment=Environment.PRODUCTION)
    assert len(error.value.errors()) == 1


def test_a_short_jwt_secret_is_refused_in_every_environment() -> None:
    for environment in Environment:
        with pytest.raises(ValidationError, match="at least 32 characters") as error:
            Settings(_env_file=None, environment=environment, jwt_secret=SecretStr("short-secret"))
        assert "short-secret" not in str(error.value)


def test_refusing_production_does_not_echo_other_settings() -> None:
    with pytest.raises(ValidationError) as error:
        Settings(
            _env_file=None,
            environment=Environment.PRODUCTION,
            database_url="postgresql+asyncpg://app:db-password@db/app",
        )
    assert "db-password" not in str(error.value)


def test_production_starts_with_a_long_secret() -> None:
    configured = Settings(
        _env_file=None, environment=Environment.PRODUCTION, jwt_secret=SecretStr(LONG_SECRET)
    )
    assert configured.is_production
    assert configured.jwt_signing_key() == LONG_SECRET
    assert not configured.uses_ephemeral_jwt_secret


def test_development_without_a_secret_signs_with_one_random_secret_per_process() -> None:
    first = Settings(_env_file=None, environment=Environment.DEVELOPMENT)
    second = Settings(_env_file=None, environment=Environment.TEST)
    assert first.uses_ephemeral_jwt_secret
    assert len(first.jwt_signing_key()) >= 32
    assert first.jwt_signing_key() == second.jwt_signing_key()


def test_values_come_from_app_prefixed_environment_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("APP_ENVIRONMENT", "production")
    monkeypatch.setenv("APP_JWT_SECRET", LONG_SECRET)
    monkeypatch.setenv("APP_LOG_LEVEL", "debug")
    monkeypatch.setenv("APP_LOG_JSON", "false")
    monkeypatch.setenv("APP_DATABASE_POOL_SIZE", "3")
    monkeypatch.setenv("APP_ACCESS_TOKEN_TTL_SECONDS", "60")
    configured = Settings(_env_file=None)
    assert configured.environment is Environment.PRODUCTION
    assert configured.log_level == "DEBUG"
    assert configured.log_json is False
    assert configured.database_pool_size == 3
    assert configured.access_token_ttl_seconds == 60


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


def test_the_secret_never_shows_in_the_representation() -> None:
    configured = Settings(_env_file=None, jwt_secret=SecretStr(LONG_SECRET))
    assert LONG_SECRET not in repr(configured)
    assert LONG_SECRET not in str(configured.model_dump())


def test_production_refuses_a_weak_password_hash_cost() -> None:
    with pytest.raises(ValidationError, match="APP_PASSWORD_HASH_MEMORY_KIB must be at least"):
        Settings(
            _env_file=None,
            environment=Environment.PRODUCTION,
            jwt_secret=SecretStr(LONG_SECRET),
            password_hash_memory_kib=1024,
        )
