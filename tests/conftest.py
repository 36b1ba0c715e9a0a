"""Fixtures: an isolated cookiecutter configuration, and generated projects shared per session."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.matrix import Row
from tests.support import bake


@pytest.fixture(scope="session", autouse=True)
def isolated_cookiecutter_config(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep the user's ~/.cookiecutterrc (default_context, replay dir) out of every test."""
    home = tmp_path_factory.mktemp("cookiecutter-home")
    config = home / "config.yaml"
    config.write_text(
        f"cookiecutters_dir: {home / 'templates'}\nreplay_dir: {home / 'replay'}\n"
        "default_context: {}\nabbreviations: {}\n",
        encoding="utf-8",
    )
    previous = os.environ.get("COOKIECUTTER_CONFIG")
    os.environ["COOKIECUTTER_CONFIG"] = str(config)
    yield config
    if previous is None:
        del os.environ["COOKIECUTTER_CONFIG"]
    else:
        os.environ["COOKIECUTTER_CONFIG"] = previous


@pytest.fixture(scope="session")
def baked(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Row], Path]:
    """Generate a matrix row once per session; the project directory."""
    projects: dict[str, Path | Exception] = {}

    def bake_row(row: Row) -> Path:
        if row.id not in projects:
            try:
                projects[row.id] = bake(row.answers, tmp_path_factory.mktemp(row.id))
            except Exception as error:  # reported by every test of the row, generated once
                projects[row.id] = error
        project = projects[row.id]
        if isinstance(project, Exception):
            pytest.fail(f"generating {row.id} failed: {type(project).__name__}: {project}")
        return project

    return bake_row
