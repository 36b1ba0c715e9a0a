"""``backend-template update``: a project generated at an older template commit, brought to HEAD.

A fixture makes a git repository of this template with three commits: ``older`` (this tree
with a few lines added, one file more, and an engine blueprint changed, so the base can only be
rendered by that commit's own engine), ``middle`` (this tree) and HEAD (this tree with a line
and a file added). Projects are generated from its ``git+file://`` URL, as a team would from
its template's repository, then edited and committed the way a team does, then updated.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.matrix import UPDATED_ROWS, check_cost
from tests.support import (
    GENERATED_PROJECT,
    TEMPLATE,
    commit_all,
    committed_copy,
    cookiecutter_config,
    git,
    output_of,
    renderer,
    run,
    template_repository,
    tool,
    tree_differences,
    unavailable,
)
from tests.test_generated_check import (
    CHECK_TIMEOUT,
    SYNC_TIMEOUT,
    fresh_database,
    interpreter,
    project_environment,
)

PROJECT = GENERATED_PROJECT
PACKAGE = "inventory_service"
USE_CASE = f"src/{PACKAGE}/application/catalog/create.py"

# Lines the older commit has at the end of these files (template tree, project path).
OLDER_LINES = {
    "{{cookiecutter.project_slug}}/README.md": ("README.md", "Older line of the template.\n"),
    "{{cookiecutter.project_slug}}/pyproject.toml.jinja": (
        "pyproject.toml",
        "# An older line of the template.\n",
    ),
    "{{cookiecutter.project_slug}}/compose.yaml": (
        "compose.yaml",
        "# An older line of the template.\n",
    ),
    "{{cookiecutter.project_slug}}/docs/adr/0002-libraries.md": (
        "docs/adr/0002-libraries.md",
        "Older line of the template.\n",
    ),
    "src/backend_template/blueprints/context/application/create.py": (
        USE_CASE,
        "# An older line of the template's engine.\n",
    ),
}
ENGINE_LINE = OLDER_LINES["src/backend_template/blueprints/context/application/create.py"][1]
OLDER_ONLY = ("{{cookiecutter.project_slug}}/docs/legacy.md", "docs/legacy.md")
NEWER_LINE = ("{{cookiecutter.project_slug}}/.gitignore", ".gitignore", "*.newer\n")
NEWER_ONLY = ("{{cookiecutter.project_slug}}/docs/newer.md", "docs/newer.md")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture(scope="session")
def template_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The template's repository with the commits ``older``, ``middle`` and HEAD."""
    repo = template_repository(
        tmp_path_factory.mktemp("template-history") / "backend-template", message=None
    )
    for template_path, (_, line) in OLDER_LINES.items():
        append(repo / template_path, line)
    (repo / OLDER_ONLY[0]).write_text("Removed in the next version.\n", encoding="utf-8")
    commit_all(repo, "older")
    git(repo, "tag", "older")
    git(repo, "rm", "-q", OLDER_ONLY[0])
    for template_path in OLDER_LINES:
        shutil.copy2(TEMPLATE / template_path, repo / template_path)
    commit_all(repo, "middle")
    git(repo, "tag", "middle")
    append(repo / NEWER_LINE[0], NEWER_LINE[2])
    (repo / NEWER_ONLY[0]).write_text("Added in the newest version.\n", encoding="utf-8")
    commit_all(repo, "newer")
    return repo


@pytest.fixture(scope="session")
def render(template_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """Generate from the repository's URL (at ``checkout`` when given); rendered once each."""
    return renderer(template_repo, tmp_path_factory)


@pytest.fixture
def project_at(render: Callable[..., Path], tmp_path: Path) -> Callable[..., Path]:
    """A copy of a rendered project in a git repository of its own, committed."""

    def copy(checkout: str | None = None, name: str = "project", *pairs: str) -> Path:
        return committed_copy(render(checkout, *pairs), tmp_path / name / PROJECT)

    return copy


def update(project: Path, *arguments: str) -> Any:
    return run([tool("backend-template"), "update", *arguments], cwd=project)


def record(project: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((project / ".backend-template.json").read_text("utf-8"))
    return data


def text(project: Path, path: str) -> str:
    return (project / path).read_text(encoding="utf-8")


def team_edits(project: Path, use_case: str = USE_CASE, pyproject: str = "pyproject.toml") -> None:
    """Edits a team makes that touch no line the template changes, committed."""
    edited = project / use_case
    edited.write_text(
        '"""Use case: register a new product, the team\'s words."""\n'
        + edited.read_text(encoding="utf-8").split("\n", 1)[1],
        encoding="utf-8",
    )
    dependencies = text(project, pyproject)
    (project / pyproject).write_text(
        dependencies.replace("dependencies = [\n", 'dependencies = [\n    "rich>=13",\n', 1),
        encoding="utf-8",
    )
    (project / "docs/adr/0002-libraries.md").unlink()
    compose = project / "compose.yaml"
    compose.write_text("# Edited by the team.\n" + compose.read_text("utf-8"), encoding="utf-8")
    commit_all(project, "team edits")


def head(template_repo: Path) -> str:
    return git(template_repo, "rev-parse", "HEAD")


def unmerged(project: Path) -> list[str]:
    return git(project, "ls-files", "-u").splitlines()


def test_the_project_records_where_it_came_from(
    render: Callable[..., Path], template_repo: Path
) -> None:
    recorded = record(render("older"))

    assert recorded["template"] == {
        "source": f"git+file://{template_repo}",
        "commit": git(template_repo, "rev-parse", "older"),
        "version": recorded["template"]["version"],
    }
    assert recorded["skip"] == []
    assert USE_CASE in recorded["manifest"]


def test_an_untouched_project_updates_to_a_fresh_render(
    project_at: Callable[..., Path], render: Callable[..., Path], template_repo: Path
) -> None:
    project = project_at("older")

    result = update(project)

    assert result.returncode == 0, output_of(result)
    shutil.rmtree(project / ".git")
    assert tree_differences(project, render()) == []
    assert record(project)["template"]["commit"] == head(template_repo)


def test_updating_to_the_same_version_changes_nothing(project_at: Callable[..., Path]) -> None:
    project = project_at()

    result = update(project)

    assert result.returncode == 0, output_of(result)
    assert "Up to date" in result.stdout
    assert git(project, "status", "--porcelain") == ""


def test_edits_that_do_not_overlap_merge_silently(
    project_at: Callable[..., Path], template_repo: Path
) -> None:
    project = project_at("older")
    team_edits(project)

    result = update(project)

    assert result.returncode == 0, output_of(result)
    use_case = text(project, USE_CASE)
    assert use_case.startswith('"""Use case: register a new product, the team\'s words."""\n')
    assert ENGINE_LINE not in use_case
    pyproject = text(project, "pyproject.toml")
    assert '    "rich>=13",\n' in pyproject
    assert "# An older line of the template." not in pyproject
    assert not (project / "docs/adr/0002-libraries.md").exists(), "deleted by the team"
    compose = text(project, "compose.yaml")
    assert compose.startswith("# Edited by the team.\n")
    assert "# An older line" not in compose
    assert not (project / OLDER_ONLY[1]).exists()
    assert text(project, NEWER_LINE[1]).endswith(NEWER_LINE[2])
    assert (project / NEWER_ONLY[1]).is_file()
    assert unmerged(project) == []
    assert record(project)["template"]["commit"] == head(template_repo)


def test_an_overlapping_edit_is_a_conflict_in_gits_index(
    project_at: Callable[..., Path], template_repo: Path
) -> None:
    project = project_at("older")
    team_edits(project)
    readme = text(project, "README.md")
    older_line = OLDER_LINES["{{cookiecutter.project_slug}}/README.md"][1]
    (project / "README.md").write_text(
        readme.replace(older_line, "The team's line.\n"), encoding="utf-8"
    )
    git(project, "commit", "-q", "-am", "team readme")
    generated_at = record(project)["template"]["commit"]

    result = update(project)

    assert result.returncode == 1, output_of(result)
    assert [line for line in result.stdout.splitlines() if line.startswith("  C ")] == [
        "  C README.md"
    ]
    assert "<<<<<<< project\nThe team's line.\n=======\n>>>>>>> template\n" in text(
        project, "README.md"
    )
    assert [line.split()[2] + " " + line.split("\t")[1] for line in unmerged(project)] == [
        "1 README.md",
        "2 README.md",
        "3 README.md",
    ]
    assert record(project)["template"]["commit"] == generated_at
    assert (project / NEWER_ONLY[1]).is_file(), "the clean part of the update is applied"

    refused = update(project, "--continue")
    assert refused.returncode == 1, output_of(refused)
    assert "README.md" in refused.stderr

    (project / "README.md").write_text(readme.replace(older_line, ""), encoding="utf-8")
    git(project, "add", "README.md")
    finished = update(project, "--continue")

    assert finished.returncode == 0, output_of(finished)
    assert record(project)["template"]["commit"] == head(template_repo)
    assert unmerged(project) == []


def test_abort_puts_the_project_back(project_at: Callable[..., Path]) -> None:
    project = project_at("older")
    (project / "README.md").write_text("The team's README.\n", encoding="utf-8")
    git(project, "commit", "-q", "-am", "team readme")
    before = git(project, "rev-parse", "HEAD")

    assert update(project).returncode == 1
    result = update(project, "--abort")

    assert result.returncode == 0, output_of(result)
    assert git(project, "status", "--porcelain", "--untracked-files=all") == ""
    assert git(project, "rev-parse", "HEAD") == before
    assert not (project / NEWER_ONLY[1]).exists()
    assert update(project, "--continue").returncode == 1, "no update in progress any more"


def test_two_steps_equal_one(project_at: Callable[..., Path]) -> None:
    stepwise, direct = project_at("older", "stepwise"), project_at("older", "direct")
    for project in (stepwise, direct):
        team_edits(project)

    first = update(stepwise, "--to", "middle")
    assert first.returncode == 0, output_of(first)
    git(stepwise, "commit", "-q", "-m", "update to middle")
    second = update(stepwise)
    assert second.returncode == 0, output_of(second)
    assert update(direct).returncode == 0

    for project in (stepwise, direct):
        shutil.rmtree(project / ".git")
    assert tree_differences(stepwise, direct) == []


def test_a_dirty_tree_is_refused(project_at: Callable[..., Path]) -> None:
    project = project_at("older")
    append(project / "README.md", "Uncommitted.\n")

    result = update(project)

    assert result.returncode == 1
    assert result.stderr.startswith("error: the git tree has uncommitted changes (README.md)")


def test_a_base_that_does_not_match_the_manifest_stops_the_update(
    project_at: Callable[..., Path],
) -> None:
    project = project_at("older")
    data = record(project)
    data["manifest"][USE_CASE] = "0" * 64
    (project / ".backend-template.json").write_text(json.dumps(data), encoding="utf-8")
    git(project, "commit", "-q", "-am", "a record no template made")

    result = update(project)

    assert result.returncode == 1
    assert "does not render what the project recorded (1 files differ" in result.stderr
    assert git(project, "status", "--porcelain") == ""


def test_a_dry_run_changes_nothing(project_at: Callable[..., Path]) -> None:
    project = project_at("older")

    result = update(project, "--dry-run")

    assert result.returncode == 0, output_of(result)
    assert "  A docs/newer.md" in result.stdout
    assert "  D docs/legacy.md" in result.stdout
    assert git(project, "status", "--porcelain") == ""


def test_changed_answers_go_the_same_way(
    project_at: Callable[..., Path], render: Callable[..., Path]
) -> None:
    project = project_at()

    result = update(project, "--set", "broker=nats")

    assert result.returncode == 0, output_of(result)
    shutil.rmtree(project / ".git")
    assert tree_differences(project, render(None, "broker=nats")) == []


def test_a_context_added_before_another_renames_no_migration(
    project_at: Callable[..., Path],
) -> None:
    project = project_at()
    catalog = text(project, "migrations/versions/catalog_0001.py")

    result = update(project, "--set", "contexts=billing,catalog")

    assert result.returncode == 0, output_of(result)
    assert text(project, "migrations/versions/catalog_0001.py") == catalog
    billing = text(project, "migrations/versions/billing_0001.py")
    assert 'down_revision: str | None = "catalog_0001"' in billing
    assert [unit["name"] for unit in record(project)["units"]][-2:] == ["catalog", "billing"]


@dataclass(frozen=True)
class Style:
    """Where the files the scenarios touch live in one architecture style."""

    answers: tuple[str, ...]
    use_case: str
    pyproject: str
    readme: str


STYLES = {
    "modular-monolith": Style(
        ("architecture=modular-monolith",),
        f"src/{PACKAGE}/modules/catalog/application/create.py",
        "pyproject.toml",
        "README.md",
    ),
    "microservices": Style(
        ("architecture=microservices", "broker=nats"),
        "services/catalog/src/catalog_service/application/catalog/create.py",
        "services/catalog/pyproject.toml",
        "services/catalog/README.md",
    ),
}


@pytest.mark.parametrize("name", list(STYLES))
def test_every_style_updates_an_untouched_project_to_a_fresh_render(
    name: str, project_at: Callable[..., Path], render: Callable[..., Path]
) -> None:
    style = STYLES[name]
    project = project_at("older", name, *style.answers)

    result = update(project)

    assert result.returncode == 0, output_of(result)
    shutil.rmtree(project / ".git")
    assert tree_differences(project, render(None, *style.answers)) == []


@pytest.mark.parametrize("name", list(STYLES))
def test_every_style_updated_to_the_same_version_changes_nothing(
    name: str, project_at: Callable[..., Path]
) -> None:
    style = STYLES[name]
    project = project_at(None, name, *style.answers)
    team_edits(project, style.use_case, style.pyproject)

    result = update(project)

    assert result.returncode == 0, output_of(result)
    assert "Up to date" in result.stdout
    assert git(project, "status", "--porcelain") == ""


@pytest.mark.parametrize("name", list(STYLES))
def test_every_style_goes_in_two_steps_where_one_step_goes(
    name: str, project_at: Callable[..., Path]
) -> None:
    style = STYLES[name]
    stepwise = project_at("older", f"{name}-stepwise", *style.answers)
    direct = project_at("older", f"{name}-direct", *style.answers)
    for project in (stepwise, direct):
        team_edits(project, style.use_case, style.pyproject)

    first = update(stepwise, "--to", "middle")
    assert first.returncode == 0, output_of(first)
    git(stepwise, "commit", "-q", "-m", "update to middle")
    second = update(stepwise)
    assert second.returncode == 0, output_of(second)
    assert update(direct).returncode == 0

    for project in (stepwise, direct):
        shutil.rmtree(project / ".git")
    assert tree_differences(stepwise, direct) == []


@pytest.mark.parametrize("name", list(STYLES))
def test_every_style_merges_team_edits_and_reports_the_overlap(
    name: str, project_at: Callable[..., Path]
) -> None:
    style = STYLES[name]
    project = project_at("older", name, *style.answers)
    assert text(project, style.use_case).endswith(ENGINE_LINE), "rendered by the older engine"
    assert text(project, style.pyproject).endswith("# An older line of the template.\n")
    use_case = project / style.use_case
    use_case.write_text("# The team's note.\n" + text(project, style.use_case), encoding="utf-8")
    pyproject = text(project, style.pyproject)
    (project / style.pyproject).write_text(
        pyproject.replace("dependencies = [\n", 'dependencies = [\n    "rich>=13",\n', 1),
        encoding="utf-8",
    )
    (project / "docs/adr/0002-libraries.md").unlink()
    older_line = OLDER_LINES["{{cookiecutter.project_slug}}/README.md"][1]
    readme = text(project, style.readme)
    (project / style.readme).write_text(
        readme.replace(older_line, "The team's line.\n"), encoding="utf-8"
    )
    commit_all(project, "team edits")

    result = update(project)

    assert result.returncode == 1, output_of(result)
    assert [line for line in result.stdout.splitlines() if line.startswith("  C ")] == [
        f"  C {style.readme}"
    ]
    assert {line.split("\t")[1] for line in unmerged(project)} == {style.readme}
    merged = text(project, style.use_case)
    assert merged.startswith("# The team's note.\n")
    assert ENGINE_LINE not in merged
    assert '    "rich>=13",\n' in text(project, style.pyproject)
    assert "# An older line" not in text(project, style.pyproject)
    assert not (project / "docs/adr/0002-libraries.md").exists()


@pytest.mark.tier2
@pytest.mark.parametrize(
    "name",
    [
        # The row's check, and an update before it: seconds of git and rendering (measured, the
        # updated one-service microservices project took 171 s in all, its check included).
        pytest.param(name, marks=pytest.mark.cost(check_cost(row) + 0.1))
        for name, row in UPDATED_ROWS.items()
    ],
)
def test_an_updated_project_passes_its_own_check(
    name: str, project_at: Callable[..., Path], mypy_caches: Path, tmp_path: Path
) -> None:
    """Generated at an older commit, edited by the team, updated: the project's own check.

    This is the full check of the style's matrix row (the fresh checks of
    ``tests/test_generated_check.py`` leave those rows out).
    """
    row = UPDATED_ROWS[name]
    style = STYLES.get(name)
    python = interpreter(row.python_version)
    if python is None:
        unavailable(f"no Python {row.python_version} interpreter (pyenv or PATH)")
    assert python is not None
    pairs = [f"{key}={value}" for key, value in row.answers.items()]
    project = project_at("older", f"checked-{name}", *pairs)
    assert record(project)["answers"]["architecture"] == name
    if style is None:
        team_edits(project)
    else:
        team_edits(project, style.use_case, style.pyproject)
    updated = update(project)
    assert updated.returncode == 0, output_of(updated)
    assert unmerged(project) == []
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "uv").symlink_to(tool("uv"))
    env = project_environment(python, tools, mypy_caches)

    sync = run(["uv", "sync", "--python", str(python)], cwd=project, env=env, timeout=SYNC_TIMEOUT)
    assert sync.returncode == 0, output_of(sync)
    with fresh_database(row, project) as url:
        check = run(
            ["make", "check"],
            cwd=project,
            env={**env, "APP_TEST_DATABASE_URL": url},
            timeout=CHECK_TIMEOUT,
        )

    assert check.returncode == 0, output_of(check, 120)


def test_bad_answers_change_nothing(project_at: Callable[..., Path]) -> None:
    project = project_at()

    unknown = update(project, "--set", "colour=blue")
    refused = update(project, "--set", "architecture=microservices", "--set", "auth=session")

    assert unknown.returncode == 2, output_of(unknown)
    assert refused.returncode == 1, output_of(refused)
    assert "error: the template at" in refused.stderr
    assert "auth=session" in refused.stderr
    assert git(project, "status", "--porcelain") == ""


def test_a_project_outside_git_is_refused(render: Callable[..., Path], tmp_path: Path) -> None:
    project = tmp_path / PROJECT
    shutil.copytree(render(), project)

    result = update(project)

    assert result.returncode == 1
    assert "is not in a git work tree: git init, commit, then update" in result.stderr


def test_dependency_lists_and_ignore_files_merge_by_entry(
    project_at: Callable[..., Path], template_repo: Path, tmp_path: Path
) -> None:
    """The team adds a dependency; the template bumps one next to it and adds another."""
    newer = tmp_path / "newer-template"
    git(tmp_path, "clone", "-q", str(template_repo), str(newer))
    template_pyproject = newer / "{{cookiecutter.project_slug}}/pyproject.toml.jinja"
    template_pyproject.write_text(
        template_pyproject.read_text("utf-8")
        .replace('"fastapi>=0.115",', '"fastapi>=0.115.6",', 1)
        .replace('    "structlog>=24.4",\n', '    "structlog>=24.4",\n    "tenacity>=9.0",\n', 1),
        encoding="utf-8",
    )
    append(newer / "{{cookiecutter.project_slug}}/.gitignore", "*.template-side\n")
    git(newer, "commit", "-q", "-am", "bump fastapi, add tenacity")
    project = project_at()
    pyproject = text(project, "pyproject.toml")
    (project / "pyproject.toml").write_text(
        pyproject.replace("dependencies = [\n", 'dependencies = [\n    "rich>=13",\n', 1),
        encoding="utf-8",
    )
    append(project / ".gitignore", "*.team-side\n")
    git(project, "commit", "-q", "-am", "team adds rich")

    result = update(project, "--template", f"git+file://{newer}")

    assert result.returncode == 0, output_of(result)
    dependencies = tomllib.loads(text(project, "pyproject.toml"))["project"]["dependencies"]
    assert dependencies[:2] == ["rich>=13", "fastapi>=0.115.6"]
    assert "tenacity>=9.0" in dependencies
    assert "fastapi>=0.115" not in dependencies
    assert text(project, ".gitignore").endswith("*.newer\n*.template-side\n*.team-side\n")
    assert unmerged(project) == []
    assert record(project)["template"]["commit"] == git(newer, "rev-parse", "HEAD")


def test_the_contracts_file_is_the_templates_and_is_regenerated_not_merged(
    project_at: Callable[..., Path], template_repo: Path, tmp_path: Path
) -> None:
    """A team's edit to the import-linter contracts gives way to the template's new version."""
    newer = tmp_path / "newer-template"
    git(tmp_path, "clone", "-q", str(template_repo), str(newer))
    contracts = newer / "{{cookiecutter.project_slug}}/importlinter.toml.jinja"
    contracts.write_text(
        contracts.read_text("utf-8").replace(
            "include_external_packages = true\n",
            "include_external_packages = true\nexclude_type_checking_imports = true\n",
            1,
        ),
        encoding="utf-8",
    )
    git(newer, "commit", "-q", "-am", "contracts skip TYPE_CHECKING imports")
    project = project_at()
    assert "importlinter.toml" in record(project)["owned"]
    edited = text(project, "importlinter.toml").replace(
        "include_external_packages = true\n", "include_external_packages = false\n", 1
    )
    (project / "importlinter.toml").write_text(edited, encoding="utf-8")
    git(project, "commit", "-q", "-am", "team edits the contracts")

    result = update(project, "--template", f"git+file://{newer}")

    assert result.returncode == 0, output_of(result)
    assert unmerged(project) == []
    regenerated = text(project, "importlinter.toml")
    assert "include_external_packages = true\nexclude_type_checking_imports = true\n" in regenerated
    assert "<<<<<<<" not in regenerated
    assert "include_external_packages = false" not in regenerated
    home = tmp_path / "cookiecutter-home"
    config = cookiecutter_config(home)
    command = [tool("cookiecutter"), f"git+file://{newer}", "--no-input"]
    command += ["--config-file", str(config), "-o", str(home / "fresh")]
    fresh = run(command, cwd=home)
    assert fresh.returncode == 0, output_of(fresh)
    assert regenerated == text(home / "fresh" / PROJECT, "importlinter.toml")


LIBRARY_TEXT = "libs/inventory-service-shared/src/inventory_service_shared/text.py"
SERVICE_TEXTS = [
    "services/catalog/src/catalog_service/shared/text.py",
    "services/identity/src/identity_service/shared/text.py",
]
STORABLE = 'STORABLE_PATTERN = r"^[^\\x00]*$"\n'
TEMPLATE_TEXT = "{{cookiecutter.project_slug}}/src/{{cookiecutter.package_name}}/shared/text.py"
TEAM_LINE = "TEAM_LIMIT = 4096  # the team's own limit\n"


@pytest.fixture(scope="session")
def moving_template(template_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A newer template where ``shared.text`` leaves the shared kernel for every service.

    Tag ``moved``: only the move (the engine no longer hoists it). HEAD: the module's first
    docstring line changed as well.
    """
    newer = tmp_path_factory.mktemp("moving-template") / "backend-template"
    git(newer.parent, "clone", "-q", str(template_repo), str(newer))
    hoist = newer / "src/backend_template/hoist.py"
    kernel = hoist.read_text(encoding="utf-8")
    assert '        "shared.text",\n' in kernel
    hoist.write_text(kernel.replace('        "shared.text",\n', "", 1), encoding="utf-8")
    git(newer, "commit", "-q", "-am", "text is each service's own")
    git(newer, "tag", "moved")
    module = newer / TEMPLATE_TEXT
    rest = module.read_text(encoding="utf-8").split("\n", 1)[1]
    reworded = '"""Text a client may send, in the template\'s new words."""\n' + rest
    module.write_text(reworded, encoding="utf-8")
    git(newer, "commit", "-q", "-am", "reword text")
    return newer


def edited_library_text(project: Path, first_line: str | None = None) -> None:
    """The team adds a constant to the library's text module (and rewrites its first line)."""
    module = project / LIBRARY_TEXT
    content = text(project, LIBRARY_TEXT)
    assert STORABLE in content
    content = content.replace(STORABLE, STORABLE + TEAM_LINE, 1)
    if first_line is not None:
        content = first_line + content.split("\n", 1)[1]
    module.write_text(content, encoding="utf-8")
    git(project, "commit", "-q", "-am", "team edits the text module")


def test_a_moved_module_carries_the_project_edit_to_every_new_place(
    project_at: Callable[..., Path], moving_template: Path
) -> None:
    project = project_at(None, "moved", *STYLES["microservices"].answers)
    edited_library_text(project)

    result = update(project, "--template", f"git+file://{moving_template}", "--to", "moved")

    assert result.returncode == 0, output_of(result)
    assert f"  R {LIBRARY_TEXT} -> {', '.join(SERVICE_TEXTS)}" in result.stdout
    assert not (project / LIBRARY_TEXT).exists()
    for place in SERVICE_TEXTS:
        assert STORABLE + TEAM_LINE in text(project, place), place
        assert "<<<<<<<" not in text(project, place)
    assert unmerged(project) == []
    moved_module = git(moving_template, "show", f"moved:{TEMPLATE_TEXT}") + "\n"
    for place in SERVICE_TEXTS:
        assert text(project, place).replace(TEAM_LINE, "", 1) == moved_module, "the rest is new"
    assert record(project)["template"]["commit"] == git(moving_template, "rev-parse", "moved")


def test_a_moved_module_whose_edit_overlaps_is_a_conflict_in_every_new_place(
    project_at: Callable[..., Path], moving_template: Path
) -> None:
    project = project_at(None, "moved", *STYLES["microservices"].answers)
    team_first_line = '"""Text a client may send, in the team\'s words."""\n'
    edited_library_text(project, team_first_line)
    generated_at = record(project)["template"]["commit"]

    result = update(project, "--template", f"git+file://{moving_template}")

    assert result.returncode == 1, output_of(result)
    assert [line for line in result.stdout.splitlines() if line.startswith("  C ")] == [
        f"  C {place}" for place in SERVICE_TEXTS
    ]
    assert not (project / LIBRARY_TEXT).exists()
    for place in SERVICE_TEXTS:
        merged = text(project, place)
        assert merged.startswith(f"<<<<<<< project\n{team_first_line}=======\n"), place
        assert "in the template's new words" in merged
        assert STORABLE + TEAM_LINE in merged, "the part that merged is carried too"
    assert sorted(
        line.split()[2] + " " + line.split("\t")[1] for line in unmerged(project)
    ) == sorted(f"{stage} {place}" for place in SERVICE_TEXTS for stage in (1, 2, 3))
    assert record(project)["template"]["commit"] == generated_at


def test_a_changed_file_the_template_drops_without_a_new_place_is_a_conflict(
    project_at: Callable[..., Path],
) -> None:
    project = project_at("older")
    append(project / OLDER_ONLY[1], "The team's note.\n")
    git(project, "commit", "-q", "-am", "team notes the legacy page")

    result = update(project)

    assert result.returncode == 1, output_of(result)
    assert f"  C {OLDER_ONLY[1]}" in result.stdout
    assert text(project, OLDER_ONLY[1]).endswith("The team's note.\n"), "kept, never lost"
    assert sorted(line.split()[2] for line in unmerged(project)) == ["1", "2"]
