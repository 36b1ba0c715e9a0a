"""Plain Cookiecutter, with nothing but its own dependencies, from every kind of template argument.

The hooks run the engine of the template they were rendered from, whichever way it was named,
and the project records that source and its commit. The template here is a clean git
repository of this checkout, so its commit is recorded too. The tools built on Cookiecutter's
functions rather than its command work as well: ``cruft create`` (then ``cruft diff`` finds
nothing) and pytest-cookies' ``cookies`` fixture.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from backend_template import provenance
from tests import test_answers_are_data as answers_tests
from tests.support import TEMPLATE, output_of, run, tool, tree_differences

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


@pytest.fixture(scope="session")
def generated(
    plain_python: Path, git_template: str, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str, str], tuple[Path, dict[str, Any]]]:
    """``generate`` from an entry in a style, once per session: (project, provenance record)."""
    made: dict[tuple[str, str], tuple[Path, dict[str, Any]]] = {}

    def generate_once(entry: str, style: str) -> tuple[Path, dict[str, Any]]:
        if (entry, style) not in made:
            output = tmp_path_factory.mktemp(f"plain-{entry}-{style}") / "out"
            made[entry, style] = generate(plain_python, entry, style, git_template, output)
        return made[entry, style]

    return generate_once


@pytest.mark.parametrize("style", list(STYLES))
@pytest.mark.parametrize("entry", ["dot", "relative", "absolute", "git-url"])
def test_plain_cookiecutter_generates_and_records_its_source(
    entry: str,
    style: str,
    generated: Callable[[str, str], tuple[Path, dict[str, Any]]],
    git_template: str,
) -> None:
    clone = Path(git_template.removeprefix("git+file://"))
    commit = run(["git", "rev-parse", "HEAD"], cwd=clone).stdout.strip()

    project, record = generated(entry, style)

    source = git_template if entry == "git-url" else clone.resolve().as_posix()
    assert record["template"]["source"] == source
    assert record["template"]["commit"] == commit
    assert record["answers"]["architecture"] == style
    assert (project / "Makefile").is_file()
    assert run(["git", "status", "--porcelain"], cwd=clone).stdout == "", "the template is clean"


def test_every_local_argument_makes_the_same_project(
    generated: Callable[[str, str], tuple[Path, dict[str, Any]]],
) -> None:
    projects = [generated(entry, "monolith")[0] for entry in ("dot", "relative", "absolute")]

    assert tree_differences(projects[0], projects[1]) == []
    assert tree_differences(projects[0], projects[2]) == []


@pytest.mark.parametrize("style", list(STYLES))
def test_cruft_creates_a_project_it_finds_no_difference_in(
    style: str, git_template: str, tmp_path: Path
) -> None:
    """``cruft create`` renders a scratch clone with Cookiecutter's functions, no ``_repo_dir``."""
    clone = Path(git_template.removeprefix("git+file://"))
    sibling = clone.parent / "elsewhere"
    sibling.mkdir(exist_ok=True)
    output = tmp_path / "out"
    extra = json.dumps(dict(pair.split("=", 1) for pair in STYLES[style]))
    created = run(
        [
            tool("cruft"),
            "create",
            f"../{clone.name}",
            "--no-input",
            "--output-dir",
            str(output),
            "--extra-context",
            extra,
        ],
        cwd=sibling,
    )
    assert created.returncode == 0, output_of(created)
    project = output / "inventory-service"
    record = provenance.read(project)
    assert record["template"]["source"] == clone.resolve().as_posix(), "not cruft's scratch clone"
    assert (
        record["template"]["commit"] == run(["git", "rev-parse", "HEAD"], cwd=clone).stdout.strip()
    )
    assert record["answers"]["architecture"] == style
    generated = provenance.manifest(project)
    assert record["manifest"] == {
        path: generated[path] for path in generated if path != ".cruft.json"
    }
    cruft_state = json.loads((project / ".cruft.json").read_text(encoding="utf-8"))
    assert Path(cruft_state["template"]).resolve() == clone.resolve()

    diff = run([tool("cruft"), "diff", "--exit-code"], cwd=project)

    assert diff.returncode == 0, output_of(diff)
    assert diff.stdout == ""


@pytest.mark.parametrize("style", list(STYLES))
def test_pytest_cookies_bakes_every_style(style: str, cookies: Any) -> None:
    """pytest-cookies calls Cookiecutter in-process with the template as a relative path."""
    template = os.path.relpath(TEMPLATE)
    extra = dict(pair.split("=", 1) for pair in STYLES[style])

    result = cookies.bake(extra_context=extra, template=template)

    assert result.exception is None, result.exception
    assert result.exit_code == 0
    project = result.project_path
    assert project.name == "inventory-service"
    assert result.context["architecture"] == style
    assert (project / "Makefile").is_file()
    assert (project / "pyproject.toml").is_file()
    record = provenance.read(project)
    assert record["template"]["source"] == TEMPLATE.as_posix()
    assert record["answers"] == {
        key: value for key, value in result.context.items() if not key.startswith("_")
    }
    assert record["manifest"] == provenance.manifest(project)
    if style == "microservices":
        assert (project / "libs" / "inventory-service-shared" / "pyproject.toml").is_file()
        assert (project / "services" / "catalog" / "pyproject.toml").is_file()
    else:
        assert (project / "src" / "inventory_service" / "__init__.py").is_file()
