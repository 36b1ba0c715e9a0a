"""Generation time of the default project against cookiecutter's own floor.

The floor is a one-file template generated with the same API call: what cookiecutter costs
before the template does anything. Both are generated N times, interleaved, after one warm-up
each; the medians and their ratio are printed. Run from the repository root:

    python bench/generation.py --runs 20
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cookiecutter.main import cookiecutter

from backend_template import options


def floor_template(root: Path) -> Path:
    """A template with one rendered file and no hooks."""
    template = root / "floor-template"
    project = template / "{{cookiecutter.project_slug}}"
    project.mkdir(parents=True)
    (template / "cookiecutter.json").write_text(
        json.dumps({"project_slug": "floor"}) + "\n", encoding="utf-8"
    )
    (project / "README.md").write_text("# {{ cookiecutter.project_slug }}\n", encoding="utf-8")
    return template


def generator(template: Path, outputs: Path) -> Callable[[], float]:
    """A function generating ``template`` into a new directory, returning the seconds it took."""
    count = 0

    def generate() -> float:
        nonlocal count
        count += 1
        started = time.perf_counter()
        cookiecutter(str(template), no_input=True, output_dir=str(outputs / str(count)))
        return time.perf_counter() - started

    return generate


def file_count(directory: Path) -> int:
    return sum(1 for path in directory.rglob("*") if path.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="generations of each (default 10)")
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="backend-template-bench-") as scratch:
        root = Path(scratch)
        config = root / "cookiecutter.yaml"
        config.write_text(
            f"replay_dir: {root / 'replay'}\ncookiecutters_dir: {root / 'cache'}\n",
            encoding="utf-8",
        )
        os.environ["COOKIECUTTER_CONFIG"] = str(config)
        ours = generator(options.template_dir(), root / "ours")
        floor = generator(floor_template(root), root / "floor")
        ours()
        floor()
        ours_times: list[float] = []
        floor_times: list[float] = []
        for _ in range(arguments.runs):
            ours_times.append(ours())
            floor_times.append(floor())
        files = file_count(root / "ours" / "1")

    ours_median = statistics.median(ours_times)
    floor_median = statistics.median(floor_times)
    print(f"runs: {arguments.runs} of each, after one warm-up")
    print(f"default project ({files} files): median {ours_median * 1000:8.1f} ms")
    print(f"one-file template (floor):     median {floor_median * 1000:8.1f} ms")
    print(f"ratio default / floor: {ours_median / floor_median:.1f}x")


if __name__ == "__main__":
    main()
