import logging

import pytest

from {{ cookiecutter.package_name }}.composition.auth import build_authorizer
from {{ cookiecutter.package_name }}.infrastructure.database import Database
from {{ cookiecutter.package_name }}.shared.logging import configure_logging
from {{ cookiecutter.package_name }}.shared.settings import Settings


async def test_an_unset_pepper_is_announced_at_start_up(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    configure_logging(settings)
    database = Database.from_settings(settings)
    caplog.set_level(logging.WARNING)
    try:
        build_authorizer(settings.model_copy(update={"api_key_pepper": None}), database)
        build_authorizer(settings, database)
    finally:
        await database.dispose()
    warnings = [r.msg for r in caplog.records if isinstance(r.msg, dict)]
    assert [w["event"] for w in warnings] == ["api_key_pepper_unset"]
