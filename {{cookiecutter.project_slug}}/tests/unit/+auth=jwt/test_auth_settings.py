"""Settings of JWT authentication: what production refuses, and secrets kept out of sight."""

import pytest
from pydantic import SecretStr, ValidationError

from {{ cookiecutter.package_name }}.shared.settings import Environment, Settings

pytestmark = pytest.mark.usefixtures("clean_app_environment")

LONG_SECRET = "a-production-secret-that-is-long-enough-0123456789"


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


def test_token_lifetimes_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ACCESS_TOKEN_TTL_SECONDS", "60")
    assert Settings(_env_file=None).access_token_ttl_seconds == 60
