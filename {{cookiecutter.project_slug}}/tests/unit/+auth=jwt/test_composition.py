import logging

import pytest
from pydantic import SecretStr

from {{ cookiecutter.package_name }}.composition.auth import build_authorizer
from {{ cookiecutter.package_name }}.infrastructure.database import Database
from {{ cookiecutter.package_name }}.main import create_app
from {{ cookiecutter.package_name }}.shared.logging import configure_logging
from {{ cookiecutter.package_name }}.shared.settings import Settings

from tests.key_pairs import rsa_private_pem


def unset_secret(settings: Settings) -> Settings:
    return settings.model_copy(update={"jwt_secret": None})


async def test_an_unset_jwt_secret_is_announced_once_at_start_up(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    configure_logging(settings)
    database = Database.from_settings(settings)
    caplog.set_level(logging.WARNING)
    try:
        build_authorizer(unset_secret(settings), database)
        build_authorizer(settings.model_copy(update={"jwt_secret": SecretStr("s" * 32)}), database)
    finally:
        await database.dispose()
    warnings = [r.msg for r in caplog.records if isinstance(r.msg, dict)]
    assert [w["event"] for w in warnings] == ["jwt_secret_unset"]


async def test_an_unset_private_key_is_announced_once_and_no_secret_is_asked_for(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    asymmetric = settings.model_copy(update={"jwt_algorithm": "RS256", "jwt_secret": None})
    configure_logging(settings)
    caplog.set_level(logging.WARNING)

    create_app(asymmetric)
    create_app(asymmetric.model_copy(update={"jwt_private_key": SecretStr(rsa_private_pem())}))

    warnings = [r.msg for r in caplog.records if isinstance(r.msg, dict)]
    assert [w["event"] for w in warnings] == ["jwt_private_key_unset"]
