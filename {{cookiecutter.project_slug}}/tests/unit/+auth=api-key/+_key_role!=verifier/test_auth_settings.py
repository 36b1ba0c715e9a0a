"""Settings of API key authentication: what production refuses, and the pepper kept out of sight."""

import pytest
from pydantic import SecretStr, ValidationError

from {{ cookiecutter.package_name }}.shared.settings import Environment, Settings

pytestmark = pytest.mark.usefixtures("clean_app_environment")

LONG_PEPPER = "a-production-pepper-that-is-long-enough-0123456789"


def test_production_refuses_to_start_without_a_pepper() -> None:
    with pytest.raises(
        ValidationError, match="APP_API_KEY_PEPPER must be set in production"
    ) as error:
        Settings(_env_file=None, environment=Environment.PRODUCTION)
    assert len(error.value.errors()) == 1


def test_a_short_pepper_is_refused_in_every_environment() -> None:
    for environment in Environment:
        with pytest.raises(ValidationError, match="at least 32 characters") as error:
            Settings(
                _env_file=None, environment=environment, api_key_pepper=SecretStr("short-pepper")
            )
        assert "short-pepper" not in str(error.value)


def test_production_starts_with_a_long_pepper() -> None:
    configured = Settings(
        _env_file=None,
        environment=Environment.PRODUCTION,
        api_key_pepper=SecretStr(LONG_PEPPER),
{%- if cookiecutter._key_role == "issuer" %}
        key_verification_secret=SecretStr(LONG_PEPPER[::-1]),
{%- endif %}
    )
    assert configured.is_production
    assert configured.api_key_pepper_bytes() == LONG_PEPPER.encode()
    assert not configured.uses_unpeppered_api_key_hashes


def test_outside_production_an_unset_pepper_means_plain_digests() -> None:
    configured = Settings(_env_file=None, environment=Environment.DEVELOPMENT)
    assert configured.uses_unpeppered_api_key_hashes
    assert configured.api_key_pepper_bytes() is None


def test_the_pepper_never_shows_in_the_representation() -> None:
    configured = Settings(_env_file=None, api_key_pepper=SecretStr(LONG_PEPPER))
    assert LONG_PEPPER not in repr(configured)
    assert LONG_PEPPER not in str(configured.model_dump())


@pytest.mark.parametrize("prefix", ["", "Upper", "1abc", "with_underscore", "a" * 17])
def test_a_key_prefix_that_would_make_keys_ambiguous_is_refused(prefix: str) -> None:
    with pytest.raises(ValidationError, match="api_key_prefix"):
        Settings(_env_file=None, api_key_prefix=prefix)


def test_key_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_API_KEY_PREFIX", "acme")
    monkeypatch.setenv("APP_API_KEY_LAST_USED_INTERVAL_SECONDS", "5")
    configured = Settings(_env_file=None)
    assert (configured.api_key_prefix, configured.api_key_last_used_interval_seconds) == ("acme", 5)
