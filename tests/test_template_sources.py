"""Plain Cookiecutter, with nothing but its own dependencies, from every kind of template argument.

The hooks run the engine of the template they were rendered from, whichever way it was named,
and the project records that source and its commit. The template here is a clean git
repository of this checkout, so its commit is recorded too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests import test_answers_are_data as answers_tests
from tests.support import output_of, run, tree_differences

# The answers tests' fixtures: a Python with only cookiecutter, a git repository of the template.
plain_python = answers_tests.plain_python
git_template = answers_tests.git_template
config_file = answers_tests.config_file

STYLES = {
    "monolith": (),
    "modular-monolith": ("architecture=modular-monolith",),
    "microservices": ("architecture=microservices", "broker=nats"),
}


def generate(
    python: Path, entry: str, style: str, git_url: str, output: Path
) -> tuple[Path, dict[str, Any]]:
    """Generate through plain Cookiecutter; the project and its provenance record."""
    clone = Path(git_url.removeprefix("git+file://"))
    sibling = clone.parent / "elsewhere"
    sibling.mkdir(exist_ok=True)
    template, cwd = {
        "dot": (".", clone),
        "relative": (f"../{clone.name}", sibling),
        "absolute": (str(clone), sibling),
        "git-url": (git_url, sibling),
    }[entry]
    config = config_file(output.parent / "cookiecutter")
    options = ["--no-input", "--config-file", str(config), "-o", str(output)]
    result = run([str(python), "-m", "cookiecutter", template, *options, *STYLES[style]], cwd=cwd)
    assert result.returncode == 0, output_of(result)
    project = output / "inventory-service"
    record: dict[str, Any] = json.loads(
        (project / ".backend-template.json").read_text(encoding="utf-8")
    )
    return project, record


@pytest.mark.parametrize(
    ("entry", "style"),
    [
        ("dot", "monolith"),
        ("relative", "modular-monolith"),
        ("absolute", "microservices"),
        ("git-url", "monolith"),
    ],
)
def test_plain_cookiecutter_generates_and_records_its_source(
    entry: str,
    style: str,
    plain_python: Path,
    git_template: str,
    tmp_path: Path,
) -> None:
    clone = Path(git_template.removeprefix("git+file://"))
    commit = run(["git", "rev-parse", "HEAD"], cwd=clone).stdout.strip()

    project, record = generate(plain_python, entry, style, git_template, tmp_path / "out")

    source = git_template if entry == "git-url" else clone.resolve().as_posix()
    assert record["template"]["source"] == source
    assert record["template"]["commit"] == commit
    assert record["answers"]["architecture"] == style
    assert (project / "Makefile").is_file()
    assert run(["git", "status", "--porcelain"], cwd=clone).stdout == "", "the template is clean"


def test_every_local_argument_makes_the_same_project(
    plain_python: Path,
    git_template: str,
    tmp_path: Path,
) -> None:
    projects = [
        generate(plain_python, entry, "monolith", git_template, tmp_path / entry)[0]
        for entry in ("dot", "relative", "absolute")
    ]

    assert tree_differences(projects[0], projects[1]) == []
    assert tree_differences(projects[0], projects[2]) == []
