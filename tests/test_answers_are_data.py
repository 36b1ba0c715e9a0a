"""Answers are data: Jinja in an answer neither executes nor renders, whoever generates.

Every entry point is covered: ``backend-template new``, and plain Cookiecutter in a virtual
environment that has nothing but cookiecutter installed, given the template as a relative path
and as a ``git+file://`` URL. A payload that would run code writes a marker file; the marker
must never appear. Accepted text lands literally; refused text stops in the pre-generation
hook with one ``error:`` line and leaves nothing in the output directory.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cookiecutter
import pytest

from backend_template.validation import MAX_NAME_LENGTH
from tests.support import (
    TEMPLATE,
    cookiecutter_config,
    error_lines,
    output_of,
    run,
    template_repository,
    tool,
    tree_differences,
    unavailable,
)

ENTRIES = ("cli", "relative", "git-url")
EMAIL = "dev@example.com"


def code_payload(marker: Path) -> str:
    """Jinja that runs a shell command creating ``marker`` if it is ever rendered."""
    return f'{{{{ cycler.__init__.__globals__.os.system("touch {marker}") }}}}'


def accepted_answers(marker: Path) -> dict[str, str]:
    """Free text full of template syntax that must generate, each answer landing as typed."""
    code = code_payload(marker)
    return {
        "project_name": 'Ünï "Payload" {{ 7*7 }} {# c #} 😀',
        "project_slug": "payload-service",
        "description": f"{{{{ 7*7 }}}} {code} {{% if true %}}yes{{% endif %}} {{# c #}} `x` \\",
        "author": f"{code} {{% raw %}} <{EMAIL}>",
    }


def plain_cookiecutter_root() -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    return cache / "backend-template-tests" / f"cookiecutter-{cookiecutter.__version__}-py{version}"


def imports(python: Path, module: str) -> bool:
    result = run([str(python), "-c", f"import {module}"], cwd=python.parent, timeout=120)
    return result.returncode == 0


@pytest.fixture(scope="session")
def plain_python() -> Path:
    """A Python with only cookiecutter (this version) installed; built once, then reused."""
    root = plain_cookiecutter_root()
    python = root / "bin" / "python"
    if not (python.exists() and imports(python, "cookiecutter")):
        building = root.with_name(f"{root.name}.{os.getpid()}")
        shutil.rmtree(building, ignore_errors=True)
        steps = (
            [sys.executable, "-m", "venv", str(building)],
            [
                str(building / "bin" / "python"),
                "-m",
                "pip",
                "install",
                "-q",
                f"cookiecutter=={cookiecutter.__version__}",
            ],
        )
        for step in steps:
            result = run(step, cwd=Path.cwd(), timeout=600)
            if result.returncode != 0:
                shutil.rmtree(building, ignore_errors=True)
                unavailable(
                    f"cannot build a virtual environment with cookiecutter: {output_of(result)}"
                )
        try:
            building.rename(root)
        except OSError:  # another worker finished first: use its environment
            shutil.rmtree(building, ignore_errors=True)
    assert imports(python, "cookiecutter")
    assert not imports(python, "backend_template"), "the plain environment has the package"
    return python


@pytest.fixture(scope="session")
def git_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A git repository of the template as it is in this checkout; its ``git+file://`` URL."""
    clone = template_repository(tmp_path_factory.mktemp("git-template") / "backend-template")
    return f"git+file://{clone}"


# A Cookiecutter configuration of one's own: clones and replays stay in its directory.
config_file = cookiecutter_config


def generate_through(
    entry: str, answers: dict[str, str], output: Path, plain_python: Path, git_template: str
) -> subprocess.CompletedProcess[str]:
    """Generate into ``output`` through one entry point; its own files go beside ``output``."""
    if entry == "cli":
        settings = [f"--set={key}={value}" for key, value in answers.items()]
        command = [tool("backend-template"), "new", "--no-input", *settings]
        return run([*command, "--output-dir", str(output)], cwd=output.parent)
    template = "." if entry == "relative" else git_template
    config = config_file(output.parent / "cookiecutter")
    pairs = [f"{key}={value}" for key, value in answers.items()]
    options = ["--no-input", "--config-file", str(config), "-o", str(output)]
    return run([str(plain_python), "-m", "cookiecutter", template, *options, *pairs], cwd=TEMPLATE)


Generate = Callable[[str, dict[str, str], Path], subprocess.CompletedProcess[str]]


@pytest.fixture
def generate(plain_python: Path, git_template: str) -> Generate:
    def through(
        entry: str, answers: dict[str, str], output: Path
    ) -> subprocess.CompletedProcess[str]:
        return generate_through(entry, answers, output, plain_python, git_template)

    return through


@pytest.fixture(scope="module")
def generated(
    tmp_path_factory: pytest.TempPathFactory, plain_python: Path, git_template: str
) -> Callable[[str], tuple[Path, Path]]:
    """The accepted payloads generated once per entry point: (project, marker)."""
    made: dict[str, tuple[Path, Path]] = {}
    # One marker for every entry point: the same answers, so the same project.
    marker = tmp_path_factory.mktemp("payload-marker") / "marker"

    def project(entry: str) -> tuple[Path, Path]:
        if entry not in made:
            output = tmp_path_factory.mktemp(f"payload-{entry}") / "out"
            output.mkdir()
            result = generate_through(
                entry, accepted_answers(marker), output, plain_python, git_template
            )
            assert result.returncode == 0, output_of(result)
            made[entry] = (output / "payload-service", marker)
        return made[entry]

    return project


def app_name(settings: Path) -> object:
    """The default of ``Settings.app_name``, read from the generated source."""
    for node in ast.walk(ast.parse(settings.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == "app_name"
            and node.value is not None
        ):
            return ast.literal_eval(node.value)
    pytest.fail(f"{settings} declares no app_name")


@pytest.mark.parametrize("entry", ENTRIES)
def test_payloads_land_as_typed(entry: str, generated: Callable[[str], tuple[Path, Path]]) -> None:
    project, marker = generated(entry)
    answers = accepted_answers(marker)

    assert not marker.exists(), "an answer ran as a template"
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(f"# {answers['project_name']}\n\n{answers['description']}\n")
    assert "49" not in readme
    about = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert about["description"] == answers["description"]
    assert about["authors"] == [{"name": answers["author"].split(" <")[0], "email": EMAIL}]
    settings = project / "src" / "payload_service" / "shared" / "settings.py"
    assert app_name(settings) == answers["project_name"]
    env_example = (project / ".env.example").read_text(encoding="utf-8")
    assert f"Default: {answers['project_name']}\n" in env_example
    recorded = json.loads((project / ".backend-template.json").read_text(encoding="utf-8"))
    assert {key: recorded["answers"][key] for key in answers} == answers


@pytest.mark.parametrize("entry", ENTRIES)
def test_payload_project_passes_the_style_checks(
    entry: str, generated: Callable[[str], tuple[Path, Path]]
) -> None:
    project, _ = generated(entry)
    for command in (["check"], ["format", "--check"]):
        result = run([tool("ruff"), *command, "--no-cache", "."], cwd=project)
        assert result.returncode == 0, output_of(result)


def test_every_entry_point_makes_the_same_project(
    generated: Callable[[str], tuple[Path, Path]], git_template: str
) -> None:
    reference, _ = generated("cli")
    # The same template source: the same bytes, the provenance record included.
    assert tree_differences(reference, generated("relative")[0]) == []
    # Another source (a clone of a commit): only the record of where the template came from differs.
    cloned, _ = generated("git-url")
    assert tree_differences(reference, cloned) == [".backend-template.json"]
    mine, theirs = (provenance(project) for project in (reference, cloned))
    assert {**mine, "template": None} == {**theirs, "template": None}
    assert theirs["template"]["source"] == git_template
    assert theirs["template"]["commit"] == git_commit(git_template.removeprefix("git+file://"))
    assert mine["template"]["source"] == TEMPLATE.as_posix()


def provenance(project: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((project / ".backend-template.json").read_text("utf-8"))
    return data


def git_commit(repository: str) -> str:
    result = run(["git", "rev-parse", "HEAD"], cwd=Path(repository))
    assert result.returncode == 0, output_of(result)
    return result.stdout.strip()


def test_a_workspace_writes_payloads_literally(generate: Generate, tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    answers = {**accepted_answers(marker), "architecture": "microservices", "broker": "nats"}
    output = tmp_path / "out"
    output.mkdir()

    result = generate("relative", answers, output)

    assert result.returncode == 0, output_of(result)
    assert not marker.exists(), "an answer ran as a template"
    workspace = output / "payload-service"
    library = tomllib.loads(
        (workspace / "libs" / "payload-service-shared" / "pyproject.toml").read_text("utf-8")
    )
    name = answers["project_name"]
    assert library["project"]["description"] == f"The shared kernel of the {name} services."
    settings = workspace / "services" / "catalog" / "src" / "catalog_service" / "shared"
    assert app_name(settings / "settings.py") == f"{name} Catalog"
    for pyproject in workspace.rglob("pyproject.toml"):
        tomllib.loads(pyproject.read_text(encoding="utf-8"))


def refusals(marker: Path) -> list[tuple[dict[str, str], str]]:
    """Answers the hook refuses, each with a part of the line that must say why."""
    code = code_payload(marker)
    return [
        ({"project_name": code}, f"project_name is longer than {MAX_NAME_LENGTH} characters"),
        ({"project_slug": "{{ 7*7 }}"}, "project_slug '{{ 7*7 }}' is not a valid slug"),
        ({"project_slug": code}, f"project_slug is longer than {MAX_NAME_LENGTH} characters"),
        ({"package_name": "{% if true %}x{% endif %}"}, "is not a lowercase Python identifier"),
        ({"package_name": code}, "is not a lowercase Python identifier"),
        (
            {"contexts": "catalog, {# c #}"},
            "context '{# c #}' is not a lowercase Python identifier",
        ),
        ({"contexts": code}, "is not a lowercase Python identifier"),
        ({"description": "{{ 7*7 }}\u202e"}, "description contains the invisible character U+202E"),
        ({"author": "{{ 7*7 }}\tX"}, "author contains the invisible character U+0009"),
        ({"project_slug": "nested/inventory"}, "'nested/inventory' is not a valid slug"),
        ({"project_slug": "inventory\\..\\x"}, "is not a valid slug"),
        ({"project_slug": ".."}, "project_slug '..' is not a valid slug"),
        ({"project_slug": "../escaped"}, "project_slug '../escaped' is not a valid slug"),
    ]


REFUSAL_IDS = (
    "name-code",
    "slug-expression",
    "slug-code",
    "package-statement",
    "package-code",
    "contexts-comment",
    "contexts-code",
    "description-bidi",
    "author-tab",
    "slug-nested",
    "slug-backslashes",
    "slug-parent",
    "slug-above",
)


# The git URL runs the same template as the relative path: a few refusals show it.
GIT_URL_REFUSALS = ("slug-code", "slug-nested", "slug-above")
REFUSAL_CASES = [
    pytest.param(entry, index, id=f"{name}-{entry}")
    for index, name in enumerate(REFUSAL_IDS)
    for entry in ENTRIES
    if entry != "git-url" or name in GIT_URL_REFUSALS
]


@pytest.mark.parametrize(("entry", "index"), REFUSAL_CASES)
def test_refused_answers_leave_nothing(
    entry: str, index: int, generate: Generate, tmp_path: Path
) -> None:
    marker = tmp_path / "marker"
    answers, message = refusals(marker)[index]
    output = tmp_path / "out"
    output.mkdir()

    result = generate(entry, answers, output)

    assert result.returncode == 1, output_of(result)
    assert not marker.exists(), "an answer ran as a template"
    assert len([line for line in error_lines(result.stderr) if message in line]) == 1, output_of(
        result
    )
    if entry == "cli":
        assert error_lines(result.stderr) == result.stderr.splitlines()
    assert list(output.iterdir()) == []
    assert {path.name for path in tmp_path.iterdir()} <= {"out", "cookiecutter"}


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"__database_url": 'x" + __import__("os").getcwd() + "'}, "__database_url is computed"),
        ({"__orm_label": "{{ 7*7 }}"}, "__orm_label is computed by the template"),
        ({"_service": "catalog"}, "_service is set by the template for each service"),
    ],
    ids=["database-url", "orm-label", "service"],
)
def test_plain_cookiecutter_refuses_replaced_computed_values(
    answers: dict[str, str], message: str, generate: Generate, tmp_path: Path
) -> None:
    output = tmp_path / "out"
    output.mkdir()

    result = generate("relative", answers, output)

    assert result.returncode == 1, output_of(result)
    assert [line for line in error_lines(result.stderr) if message in line], output_of(result)
    assert list(output.iterdir()) == []


def test_a_preset_in_the_user_config_is_text(plain_python: Path, tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    preset = {"description": f"{{{{ 7*7 }}}} {code_payload(marker)}", "author": "{{ 7*7 }}"}
    config = config_file(tmp_path / "cookiecutter", preset)
    output = tmp_path / "out"

    options = ["--no-input", "--config-file", str(config), "-o", str(output)]
    result = run([str(plain_python), "-m", "cookiecutter", ".", *options], cwd=TEMPLATE)

    assert result.returncode == 0, output_of(result)
    assert not marker.exists(), "a preset ran as a template"
    about = tomllib.loads((output / "inventory-service" / "pyproject.toml").read_text("utf-8"))
    assert about["project"]["description"] == preset["description"]
    assert about["project"]["authors"] == [{"name": "{{ 7*7 }}"}]


def test_plain_cookiecutter_shows_a_refused_combination_as_the_hook_lines(
    plain_python: Path, tmp_path: Path
) -> None:
    config = config_file(tmp_path / "cookiecutter")
    output = tmp_path / "out"
    answers = ["architecture=microservices", "auth=session", "broker=rabbitmq"]

    options = ["--no-input", "--config-file", str(config), "-o", str(output)]
    result = run([str(plain_python), "-m", "cookiecutter", ".", *options, *answers], cwd=TEMPLATE)

    assert result.returncode == 1, output_of(result)
    assert "Traceback" not in result.stdout + result.stderr, output_of(result)
    assert error_lines(result.stderr) == [
        "error: auth=session does not fit architecture=microservices (a cookie session cannot "
        "be verified by every service): choose auth=jwt, oauth2-oidc, api-key or none "
        "(or architecture=monolith or modular-monolith)"
    ]
    assert not output.exists() or list(output.iterdir()) == []
