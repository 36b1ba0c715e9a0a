"""Time of ``backend-template update`` of the default project against generating it.

The template's tracked tree is committed into a scratch git repository, the default project
is generated from it and committed, then generation and an update to the same commit (which
clones, renders base and target, and merges) run N times, interleaved, after one warm-up
each; the medians and their ratio are printed. Run from the repository root:

    python bench/lifecycle.py --runs 5
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cookiecutter.main import cookiecutter

from backend_template import options
from backend_template import update as updating

IDENTITY = ["-c", "user.name=Bench", "-c", "user.email=bench@example.com"]


def git(directory: Path, *arguments: str) -> str:
    result = subprocess.run(
        ["git", *IDENTITY, "-C", str(directory), *arguments],
        capture_output=True,
        text=True,
        check=True,
        env=updating.git_environment(),
    )
    return result.stdout


def template_repository(root: Path) -> Path:
    """The template's tracked and untracked-but-not-ignored files, committed once."""
    source = options.template_dir()
    repo = root / "template"
    listed = git(source, "ls-files", "-co", "--exclude-standard", "-z")
    for name in filter(None, listed.split("\0")):
        if (source / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, repo / name)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "template")
    return repo


def timed(action: Callable[[], object]) -> Callable[[], float]:
    def run() -> float:
        started = time.perf_counter()
        action()
        return time.perf_counter() - started

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each (default 5)")
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="backend-template-bench-") as scratch:
        root = Path(scratch)
        config = root / "cookiecutter.yaml"
        config.write_text(
            f"replay_dir: {root / 'replay'}\ncookiecutters_dir: {root / 'cache'}\n",
            encoding="utf-8",
        )
        os.environ["COOKIECUTTER_CONFIG"] = str(config)
        repo = template_repository(root)
        count = 0

        def generate() -> Path:
            nonlocal count
            count += 1
            return Path(cookiecutter(str(repo), no_input=True, output_dir=str(root / str(count))))

        project = generate()
        git(project, "init", "-q", "-b", "main")
        git(project, "add", "-A")
        git(project, "commit", "-q", "-m", "generated")

        def update() -> None:
            outcome = updating.update(project)
            if outcome.current.changes or not outcome.finished:
                msg = "the update of an untouched project changed it"
                raise SystemExit(msg)

        generation, lifecycle = timed(generate), timed(update)
        generation()
        lifecycle()
        generation_times: list[float] = []
        update_times: list[float] = []
        for _ in range(arguments.runs):
            generation_times.append(generation())
            update_times.append(lifecycle())

    generation_median = statistics.median(generation_times)
    update_median = statistics.median(update_times)
    print(f"runs: {arguments.runs} of each, after one warm-up")
    print(f"generate the default project: median {generation_median * 1000:8.1f} ms")
    print(f"update it (same commit):      median {update_median * 1000:8.1f} ms")
    print(f"ratio update / generation: {update_median / generation_median:.1f}x")


if __name__ == "__main__":
    main()
