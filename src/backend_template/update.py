"""``backend-template update``: bring a project to another template version or other answers.

The project's provenance says which template commit and answers made it. The update renders
that base again with the base commit's own engine and hooks, checks it against the recorded
manifest, renders the target (``--to REF``, new ``--set`` answers), and merges the three file
by file with git's machinery (``git merge-file``). Conflicts get standard markers and are
registered in git's index as unmerged stages, as ``git merge`` leaves them; the recorded
version moves only when the update is finished, by itself or with ``--continue``.

A file the project changed that the new version moves (a module hoisted from the services
into the shared library, or back into every service) carries the project's change to each of
its new places, or is a conflict there; when it has no new place it is a modify/delete
conflict. The change is never dropped, nor applied to one copy only.
"""

from __future__ import annotations

import difflib
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from backend_template import provenance, smart_merge
from backend_template.provenance import ABBREVIATIONS, GIT_ENVIRONMENT, PROVENANCE_FILE

STATE_NAME = "backend-template-update"
CONFLICT_MARKER = b"<<<<<<< "
LABELS = ("project", "base", "template")
# git merge-file exits with the number of conflicts, at most this; above it, an error.
MAX_CONFLICT_COUNT = 127
# How alike (the share of matching lines) a new file of the same name must be to a file the
# template removed to count as that file moved: git's own rename threshold.
MOVE_SIMILARITY = 0.5


class UpdateError(Exception):
    """A reason the update cannot go on; nothing was changed when it is raised."""


@dataclass
class Plan:
    """What an update does to each path of the project, relative to the project."""

    written: list[str] = field(default_factory=list)  # template's version taken or merged
    added: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    moved: dict[str, list[str]] = field(default_factory=dict)  # a changed file: its new places
    contents: dict[str, bytes | None] = field(default_factory=dict)  # None: delete
    stages: dict[str, tuple[bytes | None, bytes | None, bytes | None]] = field(default_factory=dict)

    @property
    def changes(self) -> bool:
        return bool(self.written or self.added or self.deleted or self.conflicts or self.moved)


def git_environment() -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if key not in GIT_ENVIRONMENT}
    environment["PYTHONDONTWRITEBYTECODE"] = "1"
    return environment


def git(directory: Path, *arguments: str, stdin: bytes | None = None) -> str:
    """Run git in ``directory``; its stdout, or UpdateError with git's own message."""
    result = subprocess.run(
        ["git", "-C", str(directory), *arguments],
        input=stdin,
        capture_output=True,
        check=False,
        env=git_environment(),
    )
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip().splitlines()
        msg = f"git {' '.join(arguments[:2])} failed: {message[-1] if message else 'no output'}"
        raise UpdateError(msg)
    return result.stdout.decode(errors="replace").rstrip()


@dataclass(frozen=True)
class Repository:
    """The git work tree a project lives in: its top and the project's place below it."""

    top: Path
    prefix: str

    @classmethod
    def of(cls, project: Path) -> Repository:
        try:
            top = git(project, "rev-parse", "--show-toplevel")
        except UpdateError as error:
            msg = f"{project} is not in a git work tree: git init, commit, then update"
            raise UpdateError(msg) from error
        return cls(Path(top), git(project, "rev-parse", "--show-prefix"))

    def path(self, relative: str) -> str:
        """A project path as git's index names it."""
        return f"{self.prefix}{relative}"

    @property
    def state(self) -> Path:
        return Path(self.top, git(self.top, "rev-parse", "--git-path", STATE_NAME))


def clone_url(source: str) -> str:
    """What git clones for a recorded source: cookiecutter's abbreviations and ``git+`` undone."""
    prefix, _, rest = source.partition(":")
    if prefix in ABBREVIATIONS and rest and not rest.startswith("//"):
        return ABBREVIATIONS[prefix].format(rest)
    return source.removeprefix("git+")


@contextmanager
def template_clone(source: str) -> Iterator[Path]:
    """A scratch clone of the template repository, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="backend-template-update-") as scratch:
        clone = Path(scratch) / "template"
        git(Path(scratch), "clone", "-q", "--no-checkout", clone_url(source), str(clone))
        yield clone


def resolve_ref(clone: Path, ref: str) -> str:
    for candidate in (ref, f"origin/{ref}"):
        try:
            return git(clone, "rev-parse", "--verify", "-q", f"{candidate}^{{commit}}")
        except UpdateError:
            continue
    msg = f"--to {ref}: no such commit, branch or tag in the template repository"
    raise UpdateError(msg)


def render(clone: Path, commit: str, answers: Mapping[str, str], scratch: Path) -> Path:
    """What the template at ``commit`` generates for ``answers``, with that commit's hooks."""
    git(clone, "checkout", "-q", "--force", "--detach", commit)
    git(clone, "clean", "-q", "-fdx")
    output = Path(tempfile.mkdtemp(prefix="render-", dir=scratch))
    config = output.parent / f"{output.name}.yaml"
    config.write_text(
        f"cookiecutters_dir: {json.dumps(str(scratch / 'cookiecutters'))}\n"
        f"replay_dir: {json.dumps(str(scratch / 'replay'))}\n"
        "default_context: {}\nabbreviations: {}\n",
        encoding="utf-8",
    )
    pairs = [f"{key}={value}" for key, value in answers.items()]
    command = [sys.executable, "-m", "cookiecutter", str(clone), "--no-input"]
    command += ["--config-file", str(config), "-o", str(output), *pairs]
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, env=git_environment(), cwd=scratch
    )
    made = [path for path in output.iterdir() if path.is_dir()] if output.is_dir() else []
    if result.returncode != 0 or len(made) != 1:
        lines = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
        reason = "; ".join(lines) or (result.stderr.strip().splitlines() or ["no output"])[-1]
        msg = f"the template at {commit[:12]} did not generate: {reason}"
        raise UpdateError(msg)
    return made[0]


def render_answers(record: Mapping[str, Any], settings: Mapping[str, str]) -> dict[str, str]:
    """The answers to render with: recorded, then ``--set``, and the recorded units."""
    answers = {key: str(value) for key, value in record["answers"].items()}
    answers.update(settings)
    answers["_units"] = provenance.recorded_of(record).text()
    return answers


def read_bytes(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() and not path.is_symlink() else None


def skipped(path: str, patterns: Sequence[str]) -> bool:
    return any(
        fnmatch.fnmatchcase(path, pattern) or path.startswith(pattern.rstrip("/") + "/")
        for pattern in patterns
    )


def merge_file(ours: bytes, base: bytes, theirs: bytes) -> tuple[bytes, bool]:
    """``git merge-file`` of three versions: the result, and whether it has conflicts."""
    with tempfile.TemporaryDirectory(prefix="backend-template-merge-") as scratch:
        paths = []
        for name, data in zip(LABELS, (ours, base, theirs), strict=True):
            path = Path(scratch, name)
            path.write_bytes(data)
            paths.append(str(path))
        labels = [argument for label in LABELS for argument in ("-L", label)]
        result = subprocess.run(
            ["git", "merge-file", "-p", *labels, *paths],
            capture_output=True,
            check=False,
            env=git_environment(),
        )
    if result.returncode < 0 or result.returncode > MAX_CONFLICT_COUNT:
        return ours, True
    return result.stdout, result.returncode > 0


def plan(
    project: Path,
    base: Mapping[str, bytes],
    target: Mapping[str, bytes],
    skip: Sequence[str],
    owned: Sequence[str] = (),
) -> Plan:
    """What the three-way merge of base, project and target does to each path.

    Paths matching ``owned`` take the template's version outright; ``skip`` wins over it.
    """
    result = Plan()
    carried = carry_moves(project, base, target, skip=skip, owned=owned, result=result)
    for path in sorted(base.keys() | target.keys()):
        if path == PROVENANCE_FILE or skipped(path, skip) or path in carried:
            continue
        old, new, ours = base.get(path), target.get(path), read_bytes(project / path)
        if skipped(path, owned) and new != ours:
            old = ours  # the tool's file: whatever the project did to it, the template's wins
        if new in (old, ours):
            continue  # the template did not change it, or the project already has it
        if new is None:
            if ours == old:
                result.deleted.append(path)
                result.contents[path] = None
            elif ours is not None:  # changed by the project, deleted by the template
                result.conflicts.append(path)
                result.stages[path] = (old, ours, None)
            continue
        if ours is None:
            if old is None:
                result.added.append(path)
                result.contents[path] = new
            continue  # deleted by the project: it stays deleted
        if ours == old:
            result.written.append(path)
            result.contents[path] = new
            continue
        merger = smart_merge.smart_merger(path, merge_file) or merge_file
        merged, conflicted = merger(ours, old or b"", new)
        result.contents[path] = merged
        if conflicted:
            result.conflicts.append(path)
            result.stages[path] = (old, ours, new)
        else:
            result.written.append(path)
    return result


def similarity(first: bytes, second: bytes) -> float:
    """The share of lines two versions have in common (difflib's ratio, over lines)."""
    matcher = difflib.SequenceMatcher(None, first.splitlines(), second.splitlines(), autojunk=False)
    return matcher.ratio()


def new_places(
    path: str,
    old: bytes,
    *,
    base: Mapping[str, bytes],
    target: Mapping[str, bytes],
    project: Path,
    skip: Sequence[str],
) -> list[str]:
    """Where the target has the file ``path`` of the base, which it no longer has.

    A new place is a path the base did not have and the project does not have either, with the
    same file name, whose content is at least ``MOVE_SIMILARITY`` alike to the base's. A file
    with no text of its own (an empty ``__init__.py``) has no identity to follow.
    """
    if not old.strip():
        return []
    name = PurePosixPath(path).name
    return sorted(
        candidate
        for candidate, data in target.items()
        if candidate not in base
        and PurePosixPath(candidate).name == name
        and not skipped(candidate, skip)
        and read_bytes(project / candidate) is None
        and similarity(old, data) >= MOVE_SIMILARITY
    )


def carry_moves(
    project: Path,
    base: Mapping[str, bytes],
    target: Mapping[str, bytes],
    *,
    skip: Sequence[str],
    owned: Sequence[str],
    result: Plan,
) -> set[str]:
    """Carry the project's changes to files the target moved into each of their new places.

    For each file the project changed that the target no longer has, and each new place of
    it, ``git merge-file`` merges the project's change (base: the old file, ours: the
    project's, theirs: the new place); several moved files that land in one place (a module
    every service had, now in the shared library) are merged into it one after the other. A
    clean merge writes the new place; otherwise the new place is a conflict with markers and
    unmerged stages. The old path is removed either way. The paths handled here.
    """
    moves: dict[str, list[str]] = {}
    for path in sorted(base.keys() - target.keys()):
        if path == PROVENANCE_FILE or skipped(path, skip) or skipped(path, owned):
            continue
        ours = read_bytes(project / path)
        if ours is None or ours == base[path]:
            continue  # deleted or untouched by the project: nothing of the project's to carry
        places = new_places(path, base[path], base=base, target=target, project=project, skip=skip)
        if places:
            moves[path] = places
    for path, places in moves.items():
        old, ours = base[path], read_bytes(project / path) or b""
        result.moved[path] = places
        result.contents[path] = None
        for place in places:
            theirs = result.contents.get(place) or target[place]
            merger = smart_merge.smart_merger(place, merge_file) or merge_file
            merged, conflicted = merger(ours, old, theirs)
            result.contents[place] = merged
            if conflicted and place not in result.stages:
                result.stages[place] = (old, ours, target[place])
    for place in sorted({place for places in moves.values() for place in places}):
        (result.conflicts if place in result.stages else result.added).append(place)
    return set(moves) | {place for places in moves.values() for place in places}


def read_owned(root: Path) -> list[str]:
    """The files the rendered template says the tool owns."""
    data = json.loads((root / PROVENANCE_FILE).read_text(encoding="utf-8"))
    return [str(pattern) for pattern in data.get("owned", [])]


def tree_bytes(root: Path, manifest: Mapping[str, str]) -> dict[str, bytes]:
    return {path: (root / path).read_bytes() for path in manifest}


def mismatches(expected: Mapping[str, str], actual: Mapping[str, str]) -> list[str]:
    return sorted(
        path for path in expected.keys() | actual.keys() if expected.get(path) != actual.get(path)
    )


def register_conflicts(repository: Repository, project: Path, current: Plan) -> None:
    """Put each conflict into git's index as unmerged stages, as ``git merge`` does."""
    lines: list[str] = []
    for path, versions in current.stages.items():
        name = repository.path(path)
        mode = "100755" if os.access(project / path, os.X_OK) else "100644"
        lines.append(f"0 {'0' * 40}\t{name}")
        for stage, data in enumerate(versions, start=1):
            if data is not None:
                blob = git(repository.top, "hash-object", "-w", "--stdin", stdin=data)
                lines.append(f"{mode} {blob} {stage}\t{name}")
    git(repository.top, "update-index", "--index-info", stdin=("\n".join(lines) + "\n").encode())


def apply(project: Path, repository: Repository, current: Plan, target_root: Path) -> None:
    for path, data in current.contents.items():
        destination = project / path
        if data is None:
            destination.unlink()
            parent = destination.parent
            while parent != project and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(data)
        source = target_root / path
        if source.is_file():
            shutil.copymode(source, destination)
    resolved = [repository.path(path) for path in current.contents if path not in current.stages]
    if resolved:
        git(repository.top, "add", "-A", "--", *resolved)
    if current.stages:
        register_conflicts(repository, project, current)


def final_record(
    target: Path, record: Mapping[str, Any], source: str, commit: str
) -> dict[str, Any]:
    """The provenance the project has once the update is finished."""
    data: dict[str, Any] = json.loads((target / PROVENANCE_FILE).read_text(encoding="utf-8"))
    data["template"] = {**data["template"], "source": source, "commit": commit}
    data["skip"] = list(record.get("skip", []))
    return data


def write_record(project: Path, repository: Repository, data: Mapping[str, Any]) -> None:
    (project / PROVENANCE_FILE).write_text(provenance.dumps(data), encoding="utf-8")
    git(repository.top, "add", "--", repository.path(PROVENANCE_FILE))


def dirty(repository: Repository) -> list[str]:
    status = git(repository.top, "status", "--porcelain", "--untracked-files=normal")
    return [line for line in status.splitlines() if line.strip()]


@dataclass(frozen=True)
class Outcome:
    """What an update did, for the command to print; ``conflicts`` non-empty means exit 1."""

    version: str
    commit: str
    current: Plan
    finished: bool


def update(
    project: Path,
    *,
    to: str | None = None,
    settings: Mapping[str, str] | None = None,
    dry_run: bool = False,
    template: str | None = None,
    preset: Mapping[str, str] | None = None,
) -> Outcome:
    """Update ``project`` to the template at ``to`` (default: the source's HEAD) and answers.

    The recorded team preset is kept, or replaced by ``preset`` (a new revision's record).
    """
    project = project.resolve()
    record = provenance.read(project)
    repository = Repository.of(project)
    if repository.state.exists():
        msg = "an update is in progress: resolve its conflicts and run --continue, or --abort"
        raise UpdateError(msg)
    changed = dirty(repository)
    if changed:
        shown = ", ".join(line[3:] for line in changed[:5])
        msg = f"the git tree has uncommitted changes ({shown}): commit or stash them first"
        raise UpdateError(msg)
    base_commit = record["template"].get("commit")
    if not base_commit:
        msg = (
            "the project records no template commit (generated from a template with uncommitted "
            "changes or outside git): there is no base to merge from"
        )
        raise UpdateError(msg)
    source = template or str(record["template"]["source"])
    with template_clone(source) as clone:
        scratch = clone.parent
        target_commit = resolve_ref(clone, to or "HEAD")
        base_root = render(clone, base_commit, render_answers(record, {}), scratch)
        base_manifest = provenance.manifest(base_root)
        differing = mismatches(record["manifest"], base_manifest)
        if differing:
            shown = ", ".join(differing[:5])
            msg = (
                f"the template at {base_commit[:12]} does not render what the project recorded "
                f"({len(differing)} files differ: {shown}); nothing changed"
            )
            raise UpdateError(msg)
        target_root = render(clone, target_commit, render_answers(record, settings or {}), scratch)
        target_manifest = provenance.manifest(target_root)
        current = plan(
            project,
            tree_bytes(base_root, base_manifest),
            tree_bytes(target_root, target_manifest),
            [str(pattern) for pattern in record.get("skip", [])],
            [str(pattern) for pattern in read_owned(target_root)],
        )
        finished_record = final_record(target_root, record, source, target_commit)
        kept_preset = preset if preset is not None else record.get("preset")
        if kept_preset is not None:
            finished_record["preset"] = dict(kept_preset)
        version = str(finished_record["template"]["version"])
        if dry_run:
            return Outcome(version, target_commit, current, finished=False)
        apply(project, repository, current, target_root)
    if current.conflicts:
        state = repository.state
        state.mkdir(parents=True)
        (state / "record.json").write_text(provenance.dumps(finished_record), encoding="utf-8")
        (state / "conflicts.json").write_text(json.dumps(current.conflicts), encoding="utf-8")
        (state / "start").write_text(git(repository.top, "rev-parse", "HEAD"), encoding="utf-8")
        (state / "project").write_text(str(project), encoding="utf-8")
        return Outcome(version, target_commit, current, finished=False)
    write_record(project, repository, finished_record)
    return Outcome(version, target_commit, current, finished=True)


def in_progress(project: Path) -> tuple[Repository, Path]:
    repository = Repository.of(project.resolve())
    state = repository.state
    if not state.is_dir():
        msg = "no update is in progress here"
        raise UpdateError(msg)
    return repository, state


def continue_update(project: Path) -> list[str]:
    """Finish an update whose conflicts are resolved; the paths still in conflict otherwise."""
    repository, state = in_progress(project)
    recorded_project = Path(state.joinpath("project").read_text(encoding="utf-8"))
    unmerged = git(repository.top, "ls-files", "-u")
    conflicts: list[str] = json.loads(state.joinpath("conflicts.json").read_text("utf-8"))
    left = sorted(
        {line.split("\t", 1)[1] for line in unmerged.splitlines() if "\t" in line}
        | {
            path
            for path in conflicts
            if CONFLICT_MARKER in (read_bytes(recorded_project / path) or b"")
        }
    )
    if left:
        return left
    data = json.loads(state.joinpath("record.json").read_text(encoding="utf-8"))
    write_record(recorded_project, repository, data)
    shutil.rmtree(state)
    return []


def abort_update(project: Path) -> None:
    """Put the project back as it was before the update started."""
    repository, state = in_progress(project)
    start = state.joinpath("start").read_text(encoding="utf-8").strip()
    git(repository.top, "reset", "-q", "--hard", start)
    shutil.rmtree(state)
