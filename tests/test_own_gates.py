"""The template's own engine and CLI pass the gates it imposes on the projects it generates."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "src/backend_template", "backend_template_answers.py", "tests", "bench"],
        [
            "ruff",
            "format",
            "--check",
            "src/backend_template",
            "backend_template_answers.py",
            "tests",
            "bench",
        ],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_engine_and_cli_pass_the_gates(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
