"""The service secret of the identity service's key check: required in production, kept hidden."""

import pytest
from pydantic import SecretStr, ValidationError

from {{ cookiecutter.package_name }}.shared.settings import Environment, Settings

pytestmark = pytest.mark.usefixtures("clean_app_environment")

LONG_SECRET = "a-service-secret-that-is-long-enough-0123456789"


def test_production_refuses_to_start_without_the_service_secret() -> None:
    with pytest.raises(ValidationError, match="APP_KEY_VERIFICATION_SECRET must be set") as error:
        Settings(_env_file=None, environment=Environment.PRODUCTION)
    assert len(error.value.errors()) == 1


def test_a_short_service_secret_is_refused_without_echoing_it() -> None:
    with pytest.raises(ValidationError, match="at least 32 characters") as error:
        Settings(_env_file=None, key_verification_secret=SecretStr("short-secret-value"))
    assert "short-secret-value" not in str(error.value)


def test_the_service_secret_is_read_from_the_environment_and_never_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("APP_KEY_VERIFICATION_SECRET", LONG_SECRET)
    configured = Settings(_env_file=None)
    assert isinstance(configured.key_verification_secret, SecretStr)
    assert configured.key_verification_secret.get_secret_value() == LONG_SECRET
    assert LONG_SECRET not in repr(configured)
