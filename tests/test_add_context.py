"""``backend-template add context``: one more bounded context, as if generated with it.

A fixture makes a git repository of this template (one commit); projects are generated from
its ``git+file://`` URL, committed, then given a context. An untouched project must equal the
project generated with that context from the start, byte for byte, in every style; a team's
edits to the shared files and its own migrations must survive, with one migration head.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from backend_template.add_context import repoint
from backend_template.check import revisions
from tests.matrix import ROWS
from tests.support import (
    commit_all,
    committed_copy,
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
from tests.test_update import PACKAGE, PROJECT, record, text

STYLES = {
    "monolith": (),
    "modular-monolith": ("architecture=modular-monolith",),
    "microservices": ("architecture=microservices", "broker=nats"),
}
VERSIONS = "migrations/versions"
TEAM_REVISION = "team_0001"
TEAM_BODY = """branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("UPDATE catalog SET name = TRIM(name)")


def downgrade() -> None:
    \"\"\"Trimmed names stay trimmed: the spaces carried no meaning.\"\"\"
"""


@pytest.fixture(scope="session")
def template_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This template's tree as a git repository of one commit."""
    return template_repository(tmp_path_factory.mktemp("template-now") / "backend-template")


@pytest.fixture(scope="session")
def render(template_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """Generate from the repository's URL with these answers; rendered once each."""
    generate = renderer(template_repo, tmp_path_factory)
    return lambda *pairs: generate(None, *pairs)


@pytest.fixture
def project_of(render: Callable[..., Path], tmp_path: Path) -> Callable[..., Path]:
    """A copy of a rendered project in a git repository of its own, committed."""
    return lambda *pairs: committed_copy(render(*pairs), tmp_path / "project" / PROJECT)


def add(project: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return run([tool("backend-template"), "add", "context", *arguments], cwd=project)


def one_head(directory: Path) -> list[str]:
    history = revisions(directory)
    followed = {parent for parents in history.values() for parent in parents}
    return sorted(set(history) - followed)


def commit_team_migration(project: Path) -> str:
    """A data migration of the team's own after the generated head, committed; that head."""
    (head,) = one_head(project / VERSIONS)
    header = (
        '"""Trim the names of the catalog\'s products: the team\'s own data migration.\n\n'
        f'Revision ID: {TEAM_REVISION}\nRevises: {head}\n"""\n\n'
        "from collections.abc import Sequence\n\nfrom alembic import op\n\n"
        f'revision: str = "{TEAM_REVISION}"\ndown_revision: str | None = "{head}"\n'
    )
    (project / VERSIONS / f"{TEAM_REVISION}.py").write_text(header + TEAM_BODY, encoding="utf-8")
    commit_all(project, "team migration")
    return head


@pytest.mark.parametrize("style", list(STYLES))
def test_an_added_context_equals_generating_with_it(
    style: str, project_of: Callable[..., Path], render: Callable[..., Path]
) -> None:
    answers = STYLES[style]
    project = project_of(*answers, "contexts=catalog,orders:order")

    result = add(project, "billing:invoice")

    assert result.returncode == 0, output_of(result)
    assert git(project, "status", "--porcelain").strip(), "the changes are staged"
    shutil.rmtree(project / ".git")
    expected = render(*answers, "contexts=catalog,orders:order,billing:invoice")
    assert tree_differences(project, expected) == []


def test_the_teams_edits_to_shared_files_survive(project_of: Callable[..., Path]) -> None:
    project = project_of()
    architecture = project / "ARCHITECTURE.md"
    architecture.write_text("The team's preface.\n\n" + text(project, "ARCHITECTURE.md"), "utf-8")
    git(project, "commit", "-q", "-am", "team edits")

    result = add(project, "billing")

    assert result.returncode == 0, output_of(result)
    merged = text(project, "ARCHITECTURE.md")
    assert merged.startswith("The team's preface.\n\n")
    assert "billing" in merged
    assert (project / f"src/{PACKAGE}/domain/billing").is_dir()
    assert [unit["name"] for unit in record(project)["units"]][-1] == "billing"
    assert "contexts" in record(project)["answers"]
    assert record(project)["answers"]["contexts"] == "catalog,billing"


def test_a_team_migration_keeps_one_head(project_of: Callable[..., Path]) -> None:
    project = project_of()
    commit_team_migration(project)

    result = add(project, "billing")

    assert result.returncode == 0, output_of(result)
    assert f"{VERSIONS}/billing_0001.py: follows the project's own migration head" in (
        result.stdout
    )
    assert one_head(project / VERSIONS) == ["billing_0001"]
    assert revisions(project / VERSIONS)["billing_0001"] == (TEAM_REVISION,)
    assert f"Revises: {TEAM_REVISION}\n" in text(project, f"{VERSIONS}/billing_0001.py")
    git(project, "commit", "-q", "-m", "billing")
    check = run([tool("backend-template"), "check"], cwd=project)
    assert check.returncode == 0, output_of(check)
    assert f"  M {VERSIONS}/billing_0001.py" in check.stdout


def test_without_a_team_migration_nothing_is_repointed(project_of: Callable[..., Path]) -> None:
    project = project_of()
    (head,) = one_head(project / VERSIONS)

    result = add(project, "billing")

    assert result.returncode == 0, output_of(result)
    assert "follows the project's own migration head" not in result.stdout
    assert revisions(project / VERSIONS)["billing_0001"] == (head,)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("class", "error: context 'class' is a Python keyword: choose another name\n"),
        ("catalog", "error: context 'catalog' is already in this project (contexts=catalog)\n"),
        (
            "orders,billing",
            "error: add context takes one NAME[:entity], got 'orders,billing': "
            "add them one at a time\n",
        ),
        ("", None),
        ("Billing", None),
    ],
)
def test_a_bad_name_changes_nothing(
    spec: str, message: str | None, project_of: Callable[..., Path]
) -> None:
    project = project_of()

    result = add(project, spec)

    assert result.returncode == 1, output_of(result)
    lines = result.stderr.splitlines(keepends=True)
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    if message is not None:
        assert lines[0] == message
    assert git(project, "status", "--porcelain") == ""


def test_repoint_changes_only_the_revision_it_names() -> None:
    source = (
        '"""Doc.\n\nRevision ID: b_0001\nRevises: a_0001\n"""\n\n'
        'revision: str = "b_0001"\ndown_revision: str | None = "a_0001"\n'
    )

    assert repoint(source, "a_0001", "team_0001") == source.replace("a_0001", "team_0001")
    assert repoint(source, "other", "team_0001") == source


@pytest.mark.tier2
@pytest.mark.cost(1)
def test_a_project_with_a_team_migration_and_an_added_context_passes_its_check(
    project_of: Callable[..., Path], mypy_caches: Path, tmp_path: Path
) -> None:
    row = ROWS[0]
    python = interpreter(row.python_version)
    if python is None:
        unavailable(f"no Python {row.python_version} interpreter (pyenv or PATH)")
    assert python is not None
    project = project_of()
    commit_team_migration(project)
    added = add(project, "billing:invoice")
    assert added.returncode == 0, output_of(added)
    git(project, "commit", "-q", "-m", "billing")
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
