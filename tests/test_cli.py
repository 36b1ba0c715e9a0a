"""``backend-template new --no-input``: validates before cookiecutter runs, then generates."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any, NoReturn

import pytest

from backend_template import cli
from tests.rejections import REJECTIONS, Rejection
from tests.support import TEMPLATE, cookiecutter_answers, error_lines, output_of, run, tool


def new(*arguments: str) -> int:
    return cli.main(["new", "--no-input", *arguments])


def settings(answers: dict[str, str]) -> list[str]:
    return [f"--set={key}={value}" for key, value in answers.items()]


def test_generates_and_prints_the_next_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    given = {"contexts": "catalog, orders", "database": "sqlite"}

    code = new(*settings(given), "--output-dir", "projects")

    printed = capsys.readouterr()
    assert code == 0, printed.err
    project = tmp_path / "projects" / "inventory-service"
    recorded = json.loads((project / ".backend-template.json").read_text(encoding="utf-8"))
    assert recorded["answers"] == cookiecutter_answers(given)
    assert "Created Inventory Service in projects/inventory-service" in printed.out
    assert "cd projects/inventory-service && make check" in printed.out


@pytest.mark.parametrize("rejection", REJECTIONS, ids=lambda rejection: rejection.id)
def test_rejected_before_anything_is_written(
    rejection: Rejection, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out"

    code = new(*settings(rejection.answers), "--output-dir", str(output))

    stderr = capsys.readouterr().err
    assert code == 1
    assert [line for line in error_lines(stderr) if rejection.message in line], stderr
    assert error_lines(stderr) == stderr.splitlines()
    assert not output.exists()


@pytest.mark.usefixtures("kafka_unimplemented")
def test_every_problem_on_its_own_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = new(
        "--set=project_slug=Bad Slug",
        "--set=package_name=typing",
        "--set=contexts=api, Catalog",
        "--set=broker=kafka",
        "--output-dir",
        str(tmp_path / "out"),
    )

    assert code == 1
    assert len(error_lines(capsys.readouterr().err)) == 5
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("--set=colour=blue", "unknown option 'colour'"),
        ("--set=__database_url=sqlite://", "unknown option '__database_url'"),
        ("--set=database=oracle", "database=oracle is not a choice"),
        ("--set=python_version=3.10", "python_version=3.10 is not a choice"),
        ("--set=no-equals-sign", "--set expects KEY=VALUE"),
    ],
)
def test_unknown_input_is_a_usage_error(
    argument: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = new(argument, "--output-dir", str(tmp_path / "out"))

    lines = capsys.readouterr().err.splitlines()
    assert code == 2
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    assert message in lines[0]
    assert not (tmp_path / "out").exists()


def test_refuses_an_existing_target(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = tmp_path / "inventory-service"
    existing.mkdir()
    (existing / "notes.txt").write_text("mine\n", encoding="utf-8")

    code = new("--output-dir", str(tmp_path))

    lines = capsys.readouterr().err.splitlines()
    assert code == 1
    assert len(lines) == 1
    assert "already exists" in lines[0]
    assert [path.name for path in existing.iterdir()] == ["notes.txt"]


@pytest.fixture
def failing_template(tmp_path: Path) -> Path:
    """The real option model, a one-file superset tree, a post-generation hook that fails."""
    template = tmp_path / "template"
    (template / "hooks").mkdir(parents=True)
    shutil.copy(TEMPLATE / "cookiecutter.json", template / "cookiecutter.json")
    shutil.copy(TEMPLATE / "backend_template_answers.py", template / "backend_template_answers.py")
    (template / "{{cookiecutter.project_slug}}").mkdir()
    (template / "{{cookiecutter.project_slug}}" / "README.md").write_text(
        "# {{ cookiecutter.project_name }}\n"
    )
    (template / "hooks" / "post_gen_project.py").write_text(
        "import sys\n\nprint('error: the engine failed', file=sys.stderr)\nsys.exit(1)\n"
    )
    return template


def test_failed_generation_leaves_nothing(failing_template: Path, tmp_path: Path) -> None:
    output = tmp_path / "deep" / "out"
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from backend_template import cli, options\n"
        f"options.template_dir = lambda: Path({str(failing_template)!r})\n"
        f"sys.exit(cli.main(['new', '--no-input', '--output-dir', {str(output)!r}]))\n"
    )

    result = run([tool("python"), "-c", script], cwd=tmp_path)

    assert result.returncode == 1, output_of(result)
    assert result.stderr.splitlines() == [
        "error: the engine failed",
        "error: generation stopped, nothing written: Hook script failed (exit status: 1)",
    ]
    assert not (tmp_path / "deep").exists()


def test_interrupted_generation_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(template: str, **kwargs: Any) -> NoReturn:
        project = Path(kwargs["output_dir"]) / "inventory-service"
        project.mkdir(parents=True)
        (project / "half-written.py").write_text("", encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "cookiecutter", interrupted)
    output = tmp_path / "out"

    code = new("--output-dir", str(output))

    assert code == 130
    assert "Cancelled: nothing written." in capsys.readouterr().err
    assert not output.exists()


def test_without_a_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([]) == 2
    assert "new" in capsys.readouterr().err


def test_console_script_and_module_entry_points(tmp_path: Path) -> None:
    script = run([tool("backend-template"), "new", "--help"], cwd=tmp_path)
    module = run([tool("python"), "-m", "backend_template", "new", "--help"], cwd=tmp_path)

    assert script.returncode == 0, output_of(script)
    assert module.returncode == 0, output_of(module)
    assert "--no-input" in script.stdout
    assert script.stdout == module.stdout
