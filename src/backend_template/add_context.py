"""``backend-template add context NAME[:entity]``: one more bounded context in a project.

An update to the very template commit the project records, with ``contexts`` extended: the
engine places the new context in every layer and shared file of the project's style, and the
three-way merge keeps the project's own edits to those files. In a project with one Alembic
history the new context's first revision follows the last recorded unit; when the team has
added revisions of its own since, the new revision is re-pointed at the project's actual head,
so the history keeps one head. The template's render stays what the provenance records: the
re-pointed line is the project's edit, merged like any other on the next update.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from backend_template import provenance, validation
from backend_template import update as updating
from backend_template.check import MIGRATION_DIRECTORIES, revisions
from backend_template.names import parse_contexts
from backend_template.update import Outcome, Repository, UpdateError

DOWN_REVISION = re.compile(r'^(down_revision: str \| None = )"([^"\n]+)"$', re.MULTILINE)
REVISES = re.compile(r"^(Revises: )(\S+)$", re.MULTILINE)


def extended_contexts(answers: Mapping[str, Any], spec: str) -> str:
    """The ``contexts`` answer with ``spec`` appended; UpdateError when it cannot be added."""
    if "," in spec:
        msg = f"add context takes one NAME[:entity], got {spec!r}: add them one at a time"
        raise UpdateError(msg)
    given, problems = parse_contexts(spec)
    if problems:
        raise UpdateError("; ".join(problems))
    current = str(answers.get("contexts", ""))
    existing, _ = parse_contexts(current)
    name = given[0].name
    if name in {context.name for context in existing}:
        msg = f"context {name!r} is already in this project (contexts={current})"
        raise UpdateError(msg)
    extended = f"{current},{spec.strip()}"
    problems = validation.validate(
        {**{k: str(v) for k, v in answers.items()}, "contexts": extended}
    )
    if problems:
        raise UpdateError("; ".join(problems))
    return extended


def heads(history: Mapping[str, tuple[str, ...]]) -> list[str]:
    followed = {parent for parents in history.values() for parent in parents}
    return sorted(set(history) - followed)


def project_heads(project: Path) -> dict[str, tuple[dict[str, tuple[str, ...]], list[str]]]:
    """Each Alembic history of the project by directory: its revisions and its heads."""
    found = {}
    for pattern in MIGRATION_DIRECTORIES:
        for directory in sorted(project.glob(pattern)):
            history = revisions(directory)
            if history:
                found[directory.relative_to(project).as_posix()] = (history, heads(history))
    return found


def repoint(source: str, old: str, new: str) -> str:
    """A migration's text with ``down_revision`` and the docstring's Revises: ``old`` -> ``new``."""
    source = DOWN_REVISION.sub(
        lambda match: f'{match[1]}"{new}"' if match[2] == old else match[0], source, count=1
    )
    return REVISES.sub(
        lambda match: f"{match[1]}{new}" if match[2] == old else match[0], source, count=1
    )


def follow_team_heads(
    project: Path,
    repository: Repository,
    before: Mapping[str, tuple[dict[str, tuple[str, ...]], list[str]]],
    revision: str,
) -> list[str]:
    """Re-point ``revision`` at the project's own head where the team moved it; the paths."""
    moved: list[str] = []
    for where, (history, old_heads) in before.items():
        path = project / where / f"{revision}.py"
        if len(old_heads) != 1 or not path.is_file():
            continue
        parents = revisions(project / where).get(revision, ())
        head = old_heads[0]
        if len(parents) != 1 or parents[0] == head or parents[0] not in history:
            continue
        path.write_text(repoint(path.read_text(encoding="utf-8"), parents[0], head), "utf-8")
        relative = f"{where}/{revision}.py"
        updating.git(repository.top, "add", "--", repository.path(relative))
        moved.append(relative)
    return moved


def new_revision(project: Path, repository: Repository, name: str) -> str | None:
    """The first revision of unit ``name`` as the finished update records it."""
    state = repository.state / "record.json"
    data = (
        json.loads(state.read_text(encoding="utf-8"))
        if state.is_file()
        else provenance.read(project)
    )
    for unit in data.get("units", []):
        if unit.get("name") == name and "revision" in unit:
            return str(unit["revision"])
    return None


def add_context(
    project: Path, spec: str, *, dry_run: bool = False, template: str | None = None
) -> tuple[Outcome, list[str]]:
    """Add the context ``spec`` at the recorded template commit; the outcome, re-pointed paths."""
    project = project.resolve()
    record = provenance.read(project)
    extended = extended_contexts(record["answers"], spec)
    commit = record["template"].get("commit")
    if not commit:
        msg = (
            "the project records no template commit (generated from a template with uncommitted "
            "changes or outside git): there is no version to add the context with"
        )
        raise UpdateError(msg)
    before = project_heads(project)
    outcome = updating.update(
        project, to=str(commit), settings={"contexts": extended}, dry_run=dry_run, template=template
    )
    if dry_run:
        return outcome, []
    repository = Repository.of(project)
    name = parse_contexts(spec)[0][0].name
    revision = new_revision(project, repository, name)
    moved = follow_team_heads(project, repository, before, revision) if revision else []
    return outcome, moved
