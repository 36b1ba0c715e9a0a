import os

import pytest


@pytest.fixture
def clean_app_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start from defaults, whatever APP_ variables the shell running the tests has."""
    for name in list(os.environ):
        if name.startswith("APP_"):
            monkeypatch.delenv(name)
