"""Without authentication there is nothing to configure, and production starts without it."""

import pytest

from {{ cookiecutter.package_name }}.shared.settings import Environment, Settings

pytestmark = pytest.mark.usefixtures("clean_app_environment")

CREDENTIAL_WORDS = ("jwt", "secret", "token", "password", "key", "session", "oidc", "issuer")
# Signs the pagination cursors the service hands out: no caller's credential.
NOT_CREDENTIALS = {"cursor_secret"}


def test_production_starts_without_any_auth_setting() -> None:
    settings = Settings(_env_file=None, environment=Environment.PRODUCTION)

    assert settings.is_production
    assert settings.production_problems() == []


def test_no_setting_holds_a_credential() -> None:
    names = set(Settings.model_fields) - NOT_CREDENTIALS

    assert not {name for name in names if any(word in name for word in CREDENTIAL_WORDS)}
