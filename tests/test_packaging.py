"""The installed package, not the checkout: a built wheel generates what the checkout does."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from tests.support import TEMPLATE, output_of, run, run_cookiecutter, tree_differences

ANSWERS = {"contexts": "catalog, orders", "database": "sqlite"}


def test_installed_wheel_generates_the_same_project_as_the_checkout(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    build = run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(TEMPLATE)],
        cwd=tmp_path,
        timeout=300,
    )
    assert build.returncode == 0, output_of(build)
    site = tmp_path / "site"
    install = run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site)]
        + [str(wheel) for wheel in wheels.glob("*.whl")],
        cwd=tmp_path,
        timeout=300,
    )
    assert install.returncode == 0, output_of(install)
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = run(
        [
            sys.executable,
            "-c",
            "from backend_template import options; print(options.template_dir())",
        ],
        cwd=tmp_path,
        env=env,
    )
    assert Path(where.stdout.strip()).is_relative_to(site), output_of(where)

    settings = [f"--set={key}={value}" for key, value in ANSWERS.items()]
    output = ["--output-dir", str(tmp_path / "installed")]
    installed = run(
        [sys.executable, "-m", "backend_template", "new", "--no-input", *settings, *output],
        cwd=tmp_path,
        env=env,
    )
    assert installed.returncode == 0, output_of(installed)
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    plain = run_cookiecutter([f"{key}={value}" for key, value in ANSWERS.items()], checkout)
    assert plain.returncode == 0, output_of(plain)
    project = "inventory-service"
    # Another template source: only the record of where the template came from differs.
    installed_project, plain_project = tmp_path / "installed" / project, checkout / project
    assert tree_differences(installed_project, plain_project) in ([], [".backend-template.json"])
    installed_record, plain_record = (
        json.loads((root / ".backend-template.json").read_text(encoding="utf-8"))
        for root in (installed_project, plain_project)
    )
    assert {**installed_record, "template": None} == {**plain_record, "template": None}
    assert installed_record["template"] == {
        "source": Path(where.stdout.strip()).resolve().as_posix(),
        "version": plain_record["template"]["version"],
    }
