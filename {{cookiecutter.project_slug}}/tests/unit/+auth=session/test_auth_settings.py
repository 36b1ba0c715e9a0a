"""Settings of cookie sessions: what production refuses, and what is configurable elsewhere."""

import pytest
from pydantic import ValidationError

from {{ cookiecutter.package_name }}.shared.settings import Environment, Settings

pytestmark = pytest.mark.usefixtures("clean_app_environment")


def test_cookies_are_secure_by_default_and_production_starts_with_the_defaults() -> None:
    configured = Settings(_env_file=None, environment=Environment.PRODUCTION)
    assert configured.is_production
    assert configured.session_cookie_secure
    assert configured.production_problems() == []


def test_production_refuses_a_cookie_without_the_secure_flag() -> None:
    with pytest.raises(ValidationError, match="APP_SESSION_COOKIE_SECURE must be true"):
        Settings(_env_file=None, environment=Environment.PRODUCTION, session_cookie_secure=False)


def test_development_may_turn_the_secure_flag_off_for_plain_http() -> None:
    configured = Settings(_env_file=None, session_cookie_secure=False)
    assert not configured.session_cookie_secure


def test_the_cookie_name_is_configurable_but_must_be_a_token() -> None:
    assert Settings(_env_file=None, session_cookie_name="app_sid").session_cookie_name == "app_sid"
    with pytest.raises(ValidationError):
        Settings(_env_file=None, session_cookie_name="bad name;")


def test_the_idle_timeout_cannot_outlast_the_absolute_one() -> None:
    with pytest.raises(ValidationError, match="must not exceed"):
        Settings(
            _env_file=None,
            session_idle_timeout_seconds=7200,
            session_absolute_timeout_seconds=3600,
        )


def test_production_refuses_a_weak_password_hash_cost() -> None:
    with pytest.raises(ValidationError, match="APP_PASSWORD_HASH_MEMORY_KIB must be at least"):
        Settings(_env_file=None, environment=Environment.PRODUCTION, password_hash_memory_kib=1024)
