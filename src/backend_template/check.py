"""``backend-template check``: what a project has done with what the template wrote, offline.

Drift is reported file by file against the manifest of the provenance record (pristine,
modified, deleted, skipped); a team's edits are expected, so drift alone is no finding.
Findings are what needs a person: answers the option tables or the team preset do not accept,
conflict markers left in a file, an update not finished, a migration history with more than
one head.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from backend_template import presets, provenance, validation
from backend_template.update import STATE_NAME, Repository, UpdateError, skipped

CONFLICT_LINES = re.compile(
    rb"^<<<<<<< .*$\n(?:.*\n)*?^=======$\n(?:.*\n)*?^>>>>>>> ", re.MULTILINE
)
MIGRATION_DIRECTORIES = ("migrations/versions", "services/*/migrations/versions")


@dataclass
class Report:
    """The drift of every recorded file, and the findings."""

    template: dict[str, Any]
    pristine: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)

    def as_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"

    def as_text(self) -> str:
        counts = ", ".join(
            f"{len(getattr(self, kind))} {kind}"
            for kind in ("pristine", "modified", "deleted", "skipped")
        )
        lines = [
            f"Template {self.template.get('version')} "
            f"({str(self.template.get('commit') or 'no commit')[:12]}): {counts}"
        ]
        lines += [f"  M {path}" for path in self.modified]
        lines += [f"  D {path}" for path in self.deleted]
        lines += [f"finding: {finding}" for finding in self.findings]
        return "\n".join(lines) + "\n"


def revisions(directory: Path) -> dict[str, tuple[str, ...]]:
    """Every Alembic revision in ``directory`` with the revisions it follows."""
    found: dict[str, tuple[str, ...]] = {}
    for path in sorted(directory.glob("*.py")):
        values: dict[str, Any] = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            target: ast.expr
            if isinstance(node, ast.AnnAssign) and node.value is not None:
                target, value = node.target, node.value
            elif isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
            else:
                continue
            if isinstance(target, ast.Name):
                try:
                    values[target.id] = ast.literal_eval(value)
                except ValueError:
                    continue
        if isinstance(values.get("revision"), str):
            down = values.get("down_revision")
            parents = (down,) if isinstance(down, str) else tuple(down or ())
            found[values["revision"]] = parents
    return found


def migration_findings(project: Path) -> list[str]:
    findings: list[str] = []
    for pattern in MIGRATION_DIRECTORIES:
        for directory in sorted(project.glob(pattern)):
            history = revisions(directory)
            followed = {parent for parents in history.values() for parent in parents}
            heads = sorted(set(history) - followed)
            if history and len(heads) != 1:
                where = directory.relative_to(project).as_posix()
                findings.append(
                    f"{where} has {len(heads)} heads ({', '.join(heads)}): "
                    "merge them with alembic merge"
                )
    return findings


def preset_findings(
    recorded: Any, answers: dict[str, Any], preset: presets.Preset | None = None
) -> list[str]:
    """The answers held against ``preset``, else the team preset the project records, if any."""
    if preset is None and recorded is not None:
        try:
            preset = presets.of_record(recorded)
        except presets.PresetError as error:
            return list(error.problems)
    return preset.violations(answers) if preset else []


def check(project: Path, preset: presets.Preset | None = None) -> Report:
    """The report of ``project``, against ``preset`` if given; ValueError without a record."""
    record = provenance.read(project)
    report = Report(template=dict(record["template"]))
    skip = [str(pattern) for pattern in record.get("skip", [])]
    for path, digest in sorted(record["manifest"].items()):
        file = project / path
        if skipped(path, skip):
            report.skipped.append(path)
        elif not file.is_file():
            report.deleted.append(path)
        elif provenance.file_hash(file) != digest:
            report.modified.append(path)
            if CONFLICT_LINES.search(file.read_bytes()):
                report.findings.append(f"{path} still has conflict markers: resolve them")
        else:
            report.pristine.append(path)
    answers = dict(record["answers"])
    report.findings += [
        f"answer no longer valid: {problem}" for problem in validation.validate(answers)
    ]
    report.findings += preset_findings(record.get("preset"), answers, preset)
    try:
        if Repository.of(project).state.exists():
            report.findings.append(
                f"an update is in progress ({STATE_NAME}): "
                "backend-template update --continue or --abort"
            )
    except UpdateError:
        pass  # not in git: nothing can be in progress
    report.findings += migration_findings(project)
    return report
