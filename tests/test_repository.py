"""The repository's promises: README's two commands, CI running README's test command,
and README's option table agreeing with the option model."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

from backend_template import cli, options
from tests.support import TEMPLATE, output_of, run

README = TEMPLATE / "README.md"
CI_RUN = TEMPLATE / ".ci" / "run"


def between(marker: str) -> list[str]:
    """The non-empty lines between ``<!-- marker -->`` and ``<!-- /marker -->`` in README."""
    text = README.read_text(encoding="utf-8")
    found = re.search(rf"<!-- {marker} -->\n(.*?)<!-- /{marker} -->", text, re.DOTALL)
    assert found, f"README.md lacks the {marker} markers"
    return [line for line in found.group(1).splitlines() if line.strip()]


def command(marker: str) -> str:
    lines = between(marker)
    assert len(lines) == 3, f"one fenced copy-paste line: {lines}"
    assert lines[0].startswith("```")
    assert lines[-1] == "```"
    return lines[1]


def test_readme_has_a_generate_and_a_test_command() -> None:
    generate, test = command("generate-command"), command("test-command")
    assert generate.startswith("python3 -m venv .venv && ")
    assert test.startswith("python3 -m venv .venv && ")
    assert "'.[test]'" in test
    assert "pytest" in test


def test_generate_command_is_a_valid_invocation() -> None:
    invocation = command("generate-command").split("&&")[-1]
    words = shlex.split(invocation)
    assert words[0] == ".venv/bin/backend-template"
    arguments = cli.build_parser().parse_args(words[1:])
    assert arguments.command == "new"
    assert not arguments.no_input


def test_ci_runs_exactly_readme_test_command(tmp_path: Path) -> None:
    result = run([str(CI_RUN), "--print-test-command"], cwd=tmp_path)
    assert result.returncode == 0, output_of(result)
    assert result.stdout.strip() == command("test-command")


def test_ci_script_is_strict_executable_bash(tmp_path: Path) -> None:
    assert os.access(CI_RUN, os.X_OK)
    text = CI_RUN.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in text
    syntax = run(["bash", "-n", str(CI_RUN)], cwd=tmp_path)
    assert syntax.returncode == 0, output_of(syntax)


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def values(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def test_readme_option_table_matches_the_option_model() -> None:
    model = options.load_cookiecutter_json(TEMPLATE)
    rows = {
        values(row[0])[0]: (values(row[1]), values(row[2]))
        for row in map(cells, between("options")[2:])
    }
    assert list(rows) == list(options.CHOICE_OPTIONS)
    for option, (choices, implemented) in rows.items():
        assert choices == model[option], option
        assert implemented == [
            value for value in model[option] if value in options.IMPLEMENTED[option]
        ]


def test_contributor_steps_name_files_that_exist() -> None:
    """Every path the steps for adding a broker, a database or an auth method name exists."""
    text = "\n".join(between("contributor-paths"))
    paths = [
        value.rstrip("/")
        for value in re.findall(r"`([^`\s]+)`", text)
        if "/" in value or value.startswith(".") or value.endswith((".py", ".json"))
    ]
    assert len(paths) >= 10, paths
    trees = (TEMPLATE / "{{cookiecutter.project_slug}}", TEMPLATE / "src" / "backend_template")
    missing = [
        path
        for path in paths
        if "<" not in path
        and not (TEMPLATE / path).exists()
        # A directory segment (``+broker!=none/``) is named wherever it is used.
        and not ("/" not in path and any(any(tree.rglob(path)) for tree in trees))
    ]
    assert not missing, f"README's contributor steps name paths that do not exist: {missing}"


def test_no_tracked_file_holds_a_merge_conflict() -> None:
    # A marker left by a merge would reach every generated project (and a team's update would
    # then stop on it as an unresolved conflict).
    markers = re.compile(r"^(<{7} |>{7} |={7}$)", re.MULTILINE)
    listed = run(["git", "ls-files", "-z"], cwd=TEMPLATE)
    assert listed.returncode == 0, output_of(listed)
    conflicted = []
    for name in filter(None, listed.stdout.split("\0")):
        path = TEMPLATE / name
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if markers.search(text):
            conflicted.append(name)
    assert conflicted == []
