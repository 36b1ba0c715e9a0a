"""Where a project came from: the template, its answers, and what the template wrote.

The engine writes ``.backend-template.json`` last, into every project it generates. The file
belongs to the tool (``update`` rewrites it) except for ``skip``, the project's own list of
paths that an update never touches. It holds:

- ``template``: the source the template was generated from (a git URL as given, else the
  template directory as an absolute path), its version, and the git commit of that source when
  it is a clean git work tree, so that the very same template can be rendered again;
- ``answers``: the public answers;
- ``units``: the values that are never computed again, the order of the units and the
  revision id of each one's first migration, handed back to the engine on update;
- ``manifest``: every generated file but this one, as {path: sha256 of its bytes};
- ``owned``: patterns of the files the tool owns outright (the import-linter contracts, written
  from the contexts): ``update`` takes the template's version of them instead of merging.
- ``preset`` (only for a project made with a team preset): its name, the sha256 of its file
  and its text, so that ``check`` and ``update`` hold the answers against it offline.

Nothing here depends on the output directory or the time, so generating twice gives identical
trees, and the CLI and plain Cookiecutter given the same template source write the same file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from backend_template import __version__
from backend_template.options import Answers
from backend_template.project import Recorded
from backend_template.units import Unit

PROVENANCE_FILE = ".backend-template.json"
# Cookiecutter's test for a repository URL (``is_repo_url``), and its abbreviations.
REPO_URL = re.compile(r"((((git|hg)\+)?(git|ssh|file|https?):(//)?)|(\w+@[\w\.]+))")
ABBREVIATIONS = {
    "gh": "https://github.com/{0}.git",
    "gl": "https://gitlab.com/{0}.git",
    "bb": "https://bitbucket.org/{0}",
}
# Files written from the contexts and answers that a merge could only get wrong; a project that
# wants its own version lists them in ``skip``.
OWNED = ("importlinter.toml", "services/*/importlinter.toml")
# Variables that would point git at another repository than the one asked about.
GIT_ENVIRONMENT = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY")


def is_url(source: str) -> bool:
    """Whether cookiecutter clones ``source`` rather than reading a directory."""
    prefix, _, rest = source.partition(":")
    return bool(REPO_URL.match(source)) or (prefix in ABBREVIATIONS and bool(rest))


def git(directory: Path, *arguments: str) -> str | None:
    """``git -C directory arguments`` output, stripped; None when git fails or is missing."""
    environment = {key: value for key, value in os.environ.items() if key not in GIT_ENVIRONMENT}
    try:
        result = subprocess.run(
            ["git", "-C", str(directory), *arguments],
            capture_output=True,
            text=True,
            check=False,
            env=environment,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def clean_commit(directory: Path) -> str | None:
    """The commit checked out at ``directory`` when it is the top of a clean git work tree."""
    top = git(directory, "rev-parse", "--show-toplevel")
    if top is None or Path(top).resolve() != directory.resolve():
        return None
    if git(directory, "status", "--porcelain") != "":
        return None
    return git(directory, "rev-parse", "HEAD")


def template_record(answers: Answers) -> dict[str, str]:
    """Source, version and (when there is one) commit of the template these answers ran."""
    directory = Path(str(answers.get("_repo_dir") or ".")).resolve()
    given = str(answers.get("_template") or "")
    source = given if is_url(given) else directory.as_posix()
    commit = clean_commit(directory)
    # cruft renders a scratch clone of ``_template`` checked out at ``_commit``: the source is
    # the repository it cloned (a URL, or a directory it made absolute), not the scratch copy.
    if given and commit and answers.get("_commit") == commit and Path(given).is_absolute():
        source = Path(given).resolve().as_posix()
    record = {"source": source, "version": __version__}
    if commit:
        record["commit"] = commit
    return record


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest(project: Path) -> dict[str, str]:
    """Every file of ``project`` but the provenance file and git's own, with its sha256."""
    found: dict[str, str] = {}
    for path in sorted(project.rglob("*")):
        relative = path.relative_to(project)
        if relative.parts[0] == ".git" or relative.as_posix() == PROVENANCE_FILE:
            continue
        if path.is_file() and not path.is_symlink():
            found[relative.as_posix()] = file_hash(path)
    return found


def units_record(units: Sequence[Unit]) -> list[dict[str, str]]:
    """The units in migration order, each with the revision of its first migration if any."""
    return [
        {"name": unit.name, **({"revision": unit.revision} if unit.revision else {})}
        for unit in units
    ]


def recorded_of(provenance: Mapping[str, Any]) -> Recorded:
    """The recorded units of a provenance record, as the engine takes them back."""
    units = provenance.get("units", [])
    return Recorded(
        order=tuple(str(unit["name"]) for unit in units),
        revisions=tuple(
            (str(unit["name"]), str(unit["revision"])) for unit in units if "revision" in unit
        ),
    )


def dumps(provenance: Mapping[str, Any]) -> str:
    return json.dumps(provenance, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def record(project: Path, answers: Answers, units: Sequence[Unit]) -> None:
    """Write the provenance of the project just assembled in ``project``; always the last file."""
    provenance = {
        "template": template_record(answers),
        "answers": {key: value for key, value in answers.items() if not key.startswith("_")},
        "units": units_record(units),
        "skip": [],
        "owned": list(OWNED),
        "manifest": manifest(project),
    }
    (project / PROVENANCE_FILE).write_text(dumps(provenance), encoding="utf-8")


def record_preset(project: Path, preset: Mapping[str, str]) -> None:
    """Add the team preset a project was made with to its provenance record."""
    path = project / PROVENANCE_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    data["preset"] = dict(preset)
    path.write_text(dumps(data), encoding="utf-8")


def read(project: Path) -> dict[str, Any]:
    """The provenance record of ``project``; ValueError when it has none that can be read."""
    path = project / PROVENANCE_FILE
    if not path.is_file():
        msg = f"{path} does not exist: run this in a project generated by backend-template"
        raise ValueError(msg)
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        msg = f"{path} is not valid JSON ({error}): restore it from git"
        raise ValueError(msg) from error
    missing = [key for key in ("template", "answers", "units", "manifest") if key not in data]
    if missing:
        msg = (
            f"{path} has no {', '.join(missing)}: the project predates provenance records; "
            "generate it again with this version to update it from now on"
        )
        raise ValueError(msg)
    return data
