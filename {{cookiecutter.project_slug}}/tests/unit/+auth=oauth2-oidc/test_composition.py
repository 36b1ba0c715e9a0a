import logging

import pytest

from {{ cookiecutter.package_name }}.composition.auth import principal_resolver
from {{ cookiecutter.package_name }}.shared.errors import ServiceUnavailableError
from {{ cookiecutter.package_name }}.shared.logging import configure_logging
from {{ cookiecutter.package_name }}.shared.settings import Settings


async def test_without_an_issuer_start_up_warns_and_nobody_is_authenticated(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    configure_logging(settings)
    caplog.set_level(logging.WARNING)

    resolver = principal_resolver(settings.model_copy(update={"oidc_issuer": None}))
    principal_resolver(settings)

    with pytest.raises(ServiceUnavailableError, match="not configured"):
        await resolver.resolve("any-token")
    warnings = [r.msg for r in caplog.records if isinstance(r.msg, dict)]
    assert [w["event"] for w in warnings] == ["oidc_not_configured"]
