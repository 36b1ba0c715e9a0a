"""Team presets: validated whole before anything is asked, enforced by new, check and update."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from backend_template import cli, options, presets, provenance
from tests.support import (
    GENERATED_PROJECT,
    TEMPLATE,
    commit_all,
    cookiecutter_config,
    error_lines,
    git,
    output_of,
    run,
    template_repository,
    tool,
)
from tests.test_wizard import Terminal, accept_all

MODEL = options.load_cookiecutter_json(TEMPLATE)
PROJECT = GENERATED_PROJECT
ACME = """\
name: acme-platform
locked:
  auth: jwt
  database: postgresql
allowed:
  orm: [sqlalchemy, sqlmodel]
defaults:
  python_version: 3.13
  author: "Acme Platform <platform@acme.example>"
"""


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def backend_template(*arguments: str, cwd: Path) -> Any:
    return run([tool("backend-template"), *arguments], cwd=cwd)


def record(project: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((project / provenance.PROVENANCE_FILE).read_text("utf-8"))
    return data


def problems_of(text: str) -> tuple[str, ...]:
    with pytest.raises(presets.PresetError) as raised:
        presets.parse(text, "team.yaml", MODEL)
    return raised.value.problems


def test_a_preset_reads_locked_allowed_and_defaults() -> None:
    preset = presets.parse(ACME, "acme.yaml", MODEL)

    assert preset.name == "acme-platform"
    assert preset.locked == {"auth": "jwt", "database": "postgresql"}
    assert preset.allowed == {"orm": ("sqlalchemy", "sqlmodel")}
    assert preset.defaults["python_version"] == "3.13", "a YAML number reads as the choice"
    assert preset.sha256 == hashlib.sha256(ACME.encode()).hexdigest()


def test_a_preset_without_a_name_is_named_after_its_file() -> None:
    assert presets.parse("locked:\n  auth: none\n", "dir/payments.yaml", MODEL).name == "payments"


@pytest.mark.usefixtures("kafka_unimplemented")
def test_every_problem_of_a_preset_gets_its_own_line() -> None:
    problems = problems_of(
        "locked:\n  auth: kerberos\n  colour: blue\n  broker: kafka\n"
        "allowed:\n  orm: []\n  database: [sqlite, oracle]\n  contexts: [a]\n"
        "defaults:\n  broker: kafka\nextra: 1\n"
    )

    assert len(problems) == 8, problems
    assert all(problem.startswith("preset team.yaml: ") for problem in problems)
    joined = "\n".join(problems)
    for expected in (
        "unknown preset key 'extra'",
        "locked: auth=kerberos is not a choice: choose auth from jwt",
        "locked: unknown option 'colour'",
        "locked: broker=kafka is not implemented yet",
        "allowed: orm must be a non-empty list of choices",
        "allowed: database=oracle is not a choice",
        "allowed: contexts is not a choice",
        "defaults: broker=kafka is not implemented yet",
    ):
        assert expected in joined, (expected, problems)


def test_locked_answers_are_held_against_the_option_tables() -> None:
    (problem,) = problems_of("locked:\n  architecture: microservices\n  auth: session\n")
    assert "locked answers cannot generate: auth=session does not fit" in problem
    (problem,) = problems_of("locked:\n  project_slug: Bad Slug\n")
    assert "is not a valid slug" in problem
    (problem,) = problems_of("allowed:\n  orm: [tortoise]\ndefaults:\n  orm: sqlalchemy\n")
    assert "defaults: orm=sqlalchemy is not among the allowed tortoise" in problem
    (problem,) = problems_of(
        "locked:\n  architecture: microservices\nallowed:\n  auth: [session]\n"
    )
    assert "allowed: no choice of auth (session) can generate with the locked" in problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("locked: [a", "is not valid YAML: expected ',' or ']'"),
        ("- auth\n", "must be a mapping with name, locked, allowed and defaults"),
        ("locked: jwt\n", "locked must be a mapping of option: value"),
        ("locked:\n  auth: [jwt]\n", "locked: auth must be a single value"),
        ("name: ''\n", "name must be a non-empty line of text"),
    ],
)
def test_a_malformed_preset_says_what_is_wrong(text: str, expected: str) -> None:
    (problem,) = problems_of(text)
    assert expected in problem


def test_violations_name_the_preset_and_the_rule() -> None:
    preset = presets.parse(ACME, "acme.yaml", MODEL)
    answers = {"auth": "session", "database": "postgresql", "orm": "tortoise"}

    assert preset.violations(answers) == [
        "auth=session breaks preset 'acme-platform', which locks auth to 'jwt'",
        "orm=tortoise breaks preset 'acme-platform', which allows orm only as sqlalchemy, sqlmodel",
    ]
    assert preset.violations({"auth": "jwt", "database": "postgresql", "orm": "sqlmodel"}) == []


def test_a_tampered_record_of_a_preset_is_refused() -> None:
    recorded = presets.parse(ACME, "acme.yaml", MODEL).record()
    assert presets.of_record(recorded).locked == {"auth": "jwt", "database": "postgresql"}

    recorded["content"] = recorded["content"].replace("auth: jwt", "auth: none")
    with pytest.raises(presets.PresetError, match="does not match its sha256"):
        presets.of_record(recorded)


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("auth=session", "error: auth is locked to 'jwt' by preset 'acme-platform'"),
        ("orm=tortoise", "error: orm=tortoise is not allowed by preset 'acme-platform'"),
    ],
)
def test_set_against_the_preset_exits_2_and_writes_nothing(
    tmp_path: Path, setting: str, expected: str
) -> None:
    preset = write(tmp_path, "acme.yaml", ACME)
    output = tmp_path / "out"

    result = backend_template(
        "new", "--no-input", "--preset", str(preset), "--set", setting, "--output-dir",
        str(output), cwd=tmp_path,
    )  # fmt: skip

    assert result.returncode == 2, output_of(result)
    assert [line.split(":", 2)[:2] for line in error_lines(result.stderr)] == [
        expected.split(":", 2)[:2]
    ]
    assert expected in result.stderr
    assert not output.exists()


def test_no_input_takes_the_first_allowed_choice_without_a_default(tmp_path: Path) -> None:
    preset = write(tmp_path, "narrow.yaml", "allowed:\n  orm: [tortoise, sqlmodel]\n")

    result = backend_template("new", "--no-input", "--preset", str(preset), "--output-dir",
                              str(tmp_path / "out"), cwd=tmp_path)  # fmt: skip

    assert result.returncode == 0, output_of(result)
    assert record(tmp_path / "out" / PROJECT)["answers"]["orm"] == "tortoise"


def test_a_bad_preset_file_exits_2_before_anything_is_asked(tmp_path: Path) -> None:
    preset = write(tmp_path, "bad.yaml", "locked:\n  auth: kerberos\n  colour: blue\n")
    output = tmp_path / "out"

    # Without --no-input and without a terminal: the preset is refused before the wizard.
    result = backend_template("new", "--preset", str(preset), "--output-dir", str(output),
                              cwd=tmp_path)  # fmt: skip

    assert result.returncode == 2, output_of(result)
    assert len(error_lines(result.stderr)) == 2, result.stderr
    assert "stdin is not a terminal" not in result.stderr
    assert not output.exists()
    missing = backend_template("new", "--no-input", "--preset", "nope.yaml", cwd=tmp_path)
    assert missing.returncode == 2
    assert error_lines(missing.stderr) == [
        line for line in missing.stderr.splitlines() if line.strip()
    ]
    assert "cannot read preset nope.yaml" in missing.stderr


def test_new_applies_the_preset_and_records_it(tmp_path: Path) -> None:
    preset = write(tmp_path, "acme.yaml", ACME)

    result = backend_template(
        "new", "--no-input", "--preset", str(preset), "--set", "orm=sqlmodel",
        "--set", "auth=jwt", "--output-dir", str(tmp_path / "out"), cwd=tmp_path,
    )  # fmt: skip

    assert result.returncode == 0, output_of(result)
    data = record(tmp_path / "out" / PROJECT)
    answers = data["answers"]
    assert (answers["auth"], answers["database"], answers["orm"]) == (
        "jwt",
        "postgresql",
        "sqlmodel",
    )
    assert answers["python_version"] == "3.13"
    assert answers["author"] == "Acme Platform <platform@acme.example>"
    assert data["preset"] == {
        "name": "acme-platform",
        "sha256": hashlib.sha256(preset.read_bytes()).hexdigest(),
        "content": ACME,
    }


def test_preset_values_are_data_never_templates(tmp_path: Path) -> None:
    name = "Pay {{ 7 * 7 }} {% raw %}"
    preset = write(
        tmp_path, "data.yaml", f"locked:\n  project_name: {json.dumps(name)}\n"
        "  project_slug: pay\n  package_name: pay\n",
    )  # fmt: skip

    result = backend_template("new", "--no-input", "--preset", str(preset), "--output-dir",
                              str(tmp_path), cwd=tmp_path)  # fmt: skip

    assert result.returncode == 0, output_of(result)
    assert record(tmp_path / "pay")["answers"]["project_name"] == name
    assert name in (tmp_path / "pay" / "README.md").read_text(encoding="utf-8")


def test_check_reports_a_project_that_breaks_its_preset(tmp_path: Path) -> None:
    preset = write(tmp_path, "acme.yaml", ACME)
    made = backend_template("new", "--no-input", "--preset", str(preset), "--output-dir",
                            str(tmp_path / "out"), cwd=tmp_path)  # fmt: skip
    assert made.returncode == 0, output_of(made)
    project = tmp_path / "out" / PROJECT
    clean = backend_template("check", cwd=project)
    assert clean.returncode == 0, output_of(clean)

    data = record(project)
    data["answers"].update(auth="session", orm="tortoise")
    (project / provenance.PROVENANCE_FILE).write_text(provenance.dumps(data), encoding="utf-8")
    broken = backend_template("check", "--format", "json", cwd=project)

    assert broken.returncode == 1, output_of(broken)
    assert json.loads(broken.stdout)["findings"] == [
        "auth=session breaks preset 'acme-platform', which locks auth to 'jwt'",
        "orm=tortoise breaks preset 'acme-platform', which allows orm only as sqlalchemy, sqlmodel",
    ]
    stricter = write(tmp_path, "strict.yaml", "name: strict\nlocked:\n  auth: none\n")
    against = backend_template("check", "--preset", str(stricter), cwd=project)
    assert against.returncode == 1
    assert "finding: auth=session breaks preset 'strict', which locks auth to 'none'" in (
        against.stdout
    )


@pytest.fixture
def wizard_terminal(monkeypatch: pytest.MonkeyPatch) -> Terminal:
    monkeypatch.setattr(cli, "interactive_terminal", lambda: True)
    return Terminal()


@pytest.mark.wizard
def test_the_wizard_shows_locked_answers_as_fixed_and_names_the_preset(
    wizard_terminal: Terminal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    preset = write(tmp_path, "acme.yaml", ACME)
    steps = accept_all(skip=("auth", "database"))

    code = wizard_terminal.run(
        steps,
        lambda: cli.main(["new", "--preset", str(preset), "--output-dir", str(tmp_path / "w")]),
    )

    assert not wizard_terminal.failures, wizard_terminal.failures
    printed = capsys.readouterr()
    assert code == 0, printed.err
    shown = wizard_terminal.shown()
    assert "Preset acme-platform fixes auth, database." in shown
    assert "Authentication: JWT: local users, access + refresh tokens (fixed by preset " in shown
    assert "Database: PostgreSQL (fixed by preset acme-platform)" in shown
    assert "not allowed by preset acme-platform" in shown, "tortoise is offered disabled"
    answers = record(tmp_path / "w" / PROJECT)["answers"]
    assert (answers["auth"], answers["orm"], answers["python_version"]) == (
        "jwt",
        "sqlalchemy",
        "3.13",
    ), "Enter takes the preset's default and the first allowed choice"
    assert f"--preset {preset}" in printed.out


@pytest.fixture(scope="module")
def template_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This template in a git repository of its own, one commit."""
    return template_repository(tmp_path_factory.mktemp("preset-template") / "backend-template")


def preset_project(template_repo: Path, tmp_path: Path, preset: Path) -> Path:
    """A project of the template repository made under ``preset``, committed in git."""
    command = [tool("cookiecutter"), f"git+file://{template_repo}", "--no-input"]
    config = cookiecutter_config(tmp_path)
    made = run([*command, "--config-file", str(config), "-o", str(tmp_path / "p")], cwd=tmp_path)
    assert made.returncode == 0, output_of(made)
    project = tmp_path / "p" / PROJECT
    # What new --preset adds once cookiecutter has written the project.
    provenance.record_preset(project, presets.load(preset, MODEL).record())
    git(project, "init", "-q", "-b", "main")
    commit_all(project, "generated")
    return project


def status(project: Path) -> Sequence[str]:
    return git(project, "status", "--porcelain").splitlines()


def test_update_applies_a_new_revision_of_the_preset(template_repo: Path, tmp_path: Path) -> None:
    project = preset_project(template_repo, tmp_path, write(tmp_path, "acme.yaml", ACME))
    revised = write(
        tmp_path, "acme-2.yaml", ACME.replace("database: postgresql", "database: mysql")
    )

    refused = backend_template("update", "--set", "auth=session", cwd=project)
    assert refused.returncode == 2, output_of(refused)
    assert "error: auth is locked to 'jwt' by preset 'acme-platform'" in refused.stderr
    assert status(project) == []

    result = backend_template("update", "--preset", str(revised), cwd=project)

    assert result.returncode == 0, output_of(result)
    data = record(project)
    assert data["answers"]["database"] == "mysql"
    assert data["preset"]["sha256"] == hashlib.sha256(revised.read_bytes()).hexdigest()
    assert "mysql" in (project / "compose.yaml").read_text(encoding="utf-8")
    assert backend_template("check", cwd=project).returncode == 0
    git(project, "commit", "-q", "-m", "preset revision 2")
    again = backend_template("update", cwd=project)
    assert again.returncode == 0, output_of(again)
    assert record(project)["preset"] == data["preset"], "a plain update keeps the preset"


def test_update_refuses_a_preset_revision_the_answers_break(
    template_repo: Path, tmp_path: Path
) -> None:
    project = preset_project(template_repo, tmp_path, write(tmp_path, "acme.yaml", ACME))
    narrower = write(tmp_path, "acme-3.yaml", ACME.replace("[sqlalchemy, sqlmodel]", "[sqlmodel]"))

    result = backend_template("update", "--preset", str(narrower), cwd=project)

    assert result.returncode == 1, output_of(result)
    assert error_lines(result.stderr) == [
        "error: orm=sqlalchemy breaks preset 'acme-platform', which allows orm only as "
        "sqlmodel: add --set to choose an allowed value"
    ]
    assert status(project) == []
    assert record(project)["preset"]["content"] == ACME
