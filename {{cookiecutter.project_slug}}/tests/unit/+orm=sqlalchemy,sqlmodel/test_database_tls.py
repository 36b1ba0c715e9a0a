"""TLS to the database: not attempted over loopback unless asked, otherwise the driver's choice."""

import pytest
from sqlalchemy.engine import make_url

from {{ cookiecutter.package_name }}.infrastructure.database import tls_arguments


@pytest.fixture(autouse=True)
def _no_sslmode_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PGSSLMODE", raising=False)


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.0.0.2", "[::1]"])
def test_a_loopback_server_is_reached_without_a_tls_attempt(host: str) -> None:
    url = make_url(f"postgresql+asyncpg://app@{host}:5432/app")

    assert tls_arguments(url) == {"ssl": False}


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+asyncpg://app@db.example.com:5432/app",
        "postgresql+asyncpg://app@10.0.0.5:5432/app",
        "postgresql+asyncpg://app@localhost:5432/app?ssl=require",
        "postgresql+asyncpg://app@localhost:5432/app?sslmode=verify-full",
        "mysql+asyncmy://root@localhost:3306/app",
    ],
)
def test_other_servers_and_explicit_choices_keep_the_drivers_tls(url: str) -> None:
    assert tls_arguments(make_url(url)) == {}


def test_pgsslmode_in_the_environment_keeps_the_drivers_tls(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PGSSLMODE", "require")

    assert tls_arguments(make_url("postgresql+asyncpg://app@localhost:5432/app")) == {}
