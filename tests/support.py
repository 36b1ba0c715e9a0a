"""Helpers the template tests share: generating projects, hashing trees, running commands."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from cookiecutter.generate import generate_context
from cookiecutter.main import cookiecutter
from cookiecutter.prompt import prompt_for_config

TEMPLATE = Path(__file__).resolve().parents[1]


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(reason: str) -> None:
    """A prerequisite is missing: fail under CI, where it must exist; skip on a workstation."""
    if on_ci():
        pytest.fail(f"{reason} (CI=true: required, not skipped)")
    pytest.skip(reason)


def bake(answers: Mapping[str, str], output_dir: Path) -> Path:
    """Generate the template checkout with cookiecutter's API, as the template's users do."""
    location = cookiecutter(
        str(TEMPLATE), no_input=True, extra_context=dict(answers), output_dir=str(output_dir)
    )
    return Path(location)


def cookiecutter_answers(extra: Mapping[str, str]) -> dict[str, Any]:
    """The public answers cookiecutter itself computes for ``--no-input`` with ``extra``."""
    context = generate_context(str(TEMPLATE / "cookiecutter.json"), extra_context=dict(extra))
    rendered = prompt_for_config(context, no_input=True)
    return {key: value for key, value in rendered.items() if not key.startswith("_")}


def tree_hashes(root: Path) -> dict[str, str]:
    """Every file below ``root`` as {relative path: sha256 of its bytes}."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def tree_differences(first: Path, second: Path) -> list[str]:
    """The relative paths whose presence or bytes differ between two trees."""
    left, right = tree_hashes(first), tree_hashes(second)
    return sorted(path for path in left.keys() | right.keys() if left.get(path) != right.get(path))


def tool(name: str) -> str:
    """An executable of the test environment (next to its Python), else from PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed in the test environment: pip install -e '.[test]'")
    return found


def run(
    command: Sequence[str],
    cwd: Path,
    *,
    env: Mapping[str, str] | None = None,
    timeout: float = 600,
    stdin: int | None = subprocess.DEVNULL,
) -> subprocess.CompletedProcess[str]:
    """Run a command, capturing stdout and stderr as text."""
    return subprocess.run(
        list(command),
        cwd=cwd,
        env=dict(env) if env is not None else None,
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def tail(text: str, lines: int = 80) -> str:
    return "\n".join(text.splitlines()[-lines:])


def output_of(result: subprocess.CompletedProcess[str], lines: int = 80) -> str:
    return (
        f"exit {result.returncode}\n--- stdout\n{tail(result.stdout, lines)}\n"
        f"--- stderr\n{tail(result.stderr, lines)}"
    )


def run_cookiecutter(
    arguments: Sequence[str], output_dir: Path
) -> subprocess.CompletedProcess[str]:
    """``python -m cookiecutter <template> --no-input -o DIR key=value...`` in a subprocess."""
    return run(
        [
            sys.executable,
            "-m",
            "cookiecutter",
            str(TEMPLATE),
            "--no-input",
            "-o",
            str(output_dir),
            *arguments,
        ],
        cwd=output_dir.parent,
    )


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


# The projects and template repositories the lifecycle tests make (update, add context,
# presets): git with an identity of its own, a template repository of this checkout, a
# Cookiecutter configuration kept out of the user's, a generated project committed in git.
GENERATED_PROJECT = "inventory-service"
IDENTITY = ("-c", "user.name=Template Tests", "-c", "user.email=tests@example.com")


def git(directory: Path, *arguments: str) -> str:
    """``git`` in ``directory`` with the tests' identity; its stripped stdout, or the test fails."""
    result = run(["git", *IDENTITY, *arguments], cwd=directory)
    assert result.returncode == 0, output_of(result)
    return result.stdout.strip()


def commit_all(directory: Path, message: str) -> None:
    git(directory, "add", "-A")
    git(directory, "commit", "-q", "-m", message)


def template_repository(repo: Path, *, message: str | None = "template") -> Path:
    """This checkout's tracked and unignored files in a new git repository at ``repo``.

    Committed as ``message`` unless it is None (the caller changes the tree first).
    """
    listed = run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=TEMPLATE)
    assert listed.returncode == 0, output_of(listed)
    for name in filter(None, listed.stdout.split("\0")):
        if (TEMPLATE / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(TEMPLATE / name, repo / name)
    git(repo, "init", "-q", "-b", "main")
    if message is not None:
        commit_all(repo, message)
    return repo


def cookiecutter_config(directory: Path, defaults: Mapping[str, str] | None = None) -> Path:
    """A Cookiecutter configuration of one's own: clones and replays stay in ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    config = directory / "config.yaml"
    config.write_text(
        f"cookiecutters_dir: {directory / 'templates'}\nreplay_dir: {directory / 'replay'}\n"
        f"default_context: {json.dumps(dict(defaults or {}))}\nabbreviations: {{}}\n",
        encoding="utf-8",
    )
    return config


def renderer(template_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """Generate from ``template_repo``'s ``git+file://`` URL, each checkout and answers once.

    The function takes the checkout (None: HEAD) and ``key=value`` answers; the project.
    """
    made: dict[tuple[str | None, tuple[str, ...]], Path] = {}
    config = cookiecutter_config(tmp_path_factory.mktemp("cookiecutter-home"))

    def generate(checkout: str | None = None, *pairs: str) -> Path:
        key = (checkout, pairs)
        if key not in made:
            output = tmp_path_factory.mktemp("rendered")
            command = [tool("cookiecutter"), f"git+file://{template_repo}", "--no-input"]
            command += ["--checkout", checkout] if checkout else []
            command += ["--config-file", str(config), "-o", str(output), *pairs]
            result = run(command, cwd=output)
            assert result.returncode == 0, output_of(result)
            made[key] = output / GENERATED_PROJECT
        return made[key]

    return generate


def committed_copy(project: Path, destination: Path) -> Path:
    """A copy of ``project`` at ``destination``, in a git repository of its own, committed."""
    shutil.copytree(project, destination)
    git(destination, "init", "-q", "-b", "main")
    commit_all(destination, "generated")
    return destination
