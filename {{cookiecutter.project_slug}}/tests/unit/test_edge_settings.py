import pytest
from pydantic import ValidationError

from {{ cookiecutter.package_name }}.shared.settings import Environment, Settings


def test_production_refuses_a_wildcard_origin_in_one_line() -> None:
    with pytest.raises(ValidationError) as refused:
        Settings(_env_file=None, environment=Environment.PRODUCTION, cors_origins=["*"])

    assert "APP_CORS_ORIGINS contains '*'" in str(refused.value)
    assert "list the origins instead" in str(refused.value)


def test_a_wildcard_origin_is_allowed_outside_production() -> None:
    settings = Settings(_env_file=None, environment=Environment.DEVELOPMENT, cors_origins=["*"])
    assert settings.cors_origins == ["*"]


def test_rate_limits_default_to_this_process() -> None:
    settings = Settings(_env_file=None)
    assert settings.rate_limit_storage_url is None
    assert settings.rate_limit_enabled
