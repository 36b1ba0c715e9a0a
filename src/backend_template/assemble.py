"""The assembly engine run after cookiecutter has rendered the superset tree.

Three mechanisms, all driven by data, and one finishing pass:

1. Conditional directories. A path segment ``+option=value[,value...]`` holds files that
   belong to the project only when the answer to ``option`` is one of the values, and a segment
   ``+option!=value[,value...]`` files that belong when it is none of them (``+broker!=none``:
   every broker, the ones added later included); when it holds, the segment is dissolved into
   its parent, otherwise the directory is removed.
2. Late-rendered files. Files ending in ``.jinja`` are copied raw by cookiecutter and rendered
   here, with the parsed units (bounded contexts) in the context; the suffix is dropped.
3. Blueprints. Each unit is rendered from its blueprint (``blueprints/<name>/``, same
   conditional directories) and placed where the architecture style puts it. A blueprint file
   whose name starts with one underscore is a part: never placed itself, it is included
   (``{% include "infrastructure/_user_models.py" %}``, by its path with the conditions
   dissolved) where variants share a piece of a module, so each variant renders one whole module.
   Parts under ``blueprints/_parts/`` serve every blueprint, included or extended
   (``{% extends "migrations/_platform_table.py" %}``: the platform units' first migration).

Then the project's own imports are put in the order its import sorter expects (``imports.py``):
where a module lives depends on the style and on the context names, so templates cannot fix it.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2

from backend_template import catalogue, provenance
from backend_template.deployables import build_deployables
from backend_template.hoist import PLACEHOLDER, Library, hoist, kernel_for, write_library
from backend_template.imports import sort_project_imports
from backend_template.options import Answers, answer_filters, template_dir
from backend_template.project import Project
from backend_template.services import (
    CONTEXT_SERVICE_AUTH,
    WORKSPACE_DIR,
    WORKSPACE_DROPS,
    Service,
    build_services,
    remove,
    render_service,
)
from backend_template.units import Unit, build_units

BLUEPRINTS = Path(__file__).resolve().parent / "blueprints"
# Parts any blueprint may include or extend (the platform units' migration, for one).
SHARED_PARTS = "_parts"
ANSWERS_FILE = provenance.PROVENANCE_FILE
LATE_SUFFIX = ".jinja"
# The generated tests import each other by module paths that hold context names, too.
TESTS_PACKAGE = "tests"


@dataclass(frozen=True)
class SegmentCondition:
    """The condition of a ``+option=a,b`` (one of) or ``+option!=a,b`` (none of) path segment."""

    option: str
    values: frozenset[str]
    excluded: bool = False

    def holds(self, answers: Answers) -> bool:
        return (str(answers.get(self.option)) in self.values) != self.excluded


def segment_condition(segment: str) -> SegmentCondition | None:
    """Parse a ``+option=a,b`` or ``+option!=a,b`` path segment; None for an ordinary segment."""
    if not segment.startswith("+") or "=" not in segment:
        return None
    option, _, values = segment[1:].partition("=")
    excluded = option.endswith("!")
    return SegmentCondition(option.removesuffix("!"), frozenset(values.split(",")), excluded)


def unit_flag(segment: str) -> str | None:
    """The unit attribute a ``+@attribute`` segment of a blueprint path requires, else None."""
    return segment[2:] if segment.startswith("+@") else None


def resolve(
    relative: PurePosixPath, answers: Answers, unit: Unit | None = None
) -> PurePosixPath | None:
    """The path with its conditional segments dissolved, or None when a condition fails.

    In a blueprint, ``+@attribute`` keeps its files only for units whose ``attribute`` is set
    (``+@upstream``: contexts that follow another context's events).
    """
    kept: list[str] = []
    for segment in relative.parts:
        flag = unit_flag(segment)
        if flag is not None:
            if unit is None or not getattr(unit, flag):
                return None
            continue
        condition = segment_condition(segment)
        if condition is None:
            kept.append(segment)
        elif not condition.holds(answers):
            return None
    return PurePosixPath(*kept)


def is_part(relative: PurePosixPath) -> bool:
    """Whether a blueprint file is a part that other blueprint files include."""
    return relative.name.startswith("_") and not relative.name.startswith("__")


def walk_files(root: Path) -> Iterator[PurePosixPath]:
    """Every file below ``root``, relative and sorted, so that assembly is deterministic."""
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            yield PurePosixPath(path.relative_to(root).as_posix())


def natural_key(text: str) -> list[int | str]:
    """Sort key that orders ``v2`` before ``v10``, as ruff's import sorting does."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text.lower())]


def natural_sort(items: Iterable[Any], attribute: str | None = None) -> list[Any]:
    """Jinja filter: ``units | natural_sort(attribute="name")``."""
    return sorted(
        items, key=lambda item: natural_key(str(getattr(item, attribute) if attribute else item))
    )


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # noqa: S701 - renders source code, not HTML
    )
    env.filters["natural_sort"] = natural_sort
    env.globals.update(catalogue.globals_for_templates())
    env.filters.update(answer_filters())
    return env


def render_context(
    project: Project, units: list[Unit], services: list[Service] | None = None
) -> dict[str, Any]:
    return {
        # The services of a microservices workspace; empty for the other styles.
        "services": services or [],
        "cookiecutter": dict(project.cookiecutter),
        # The units mounted on the application (identity and the contexts), in migration order.
        "units": [unit for unit in units if not unit.is_platform],
        # Every unit that owns tables, platform units included, in migration order.
        "table_units": [unit for unit in units if unit.owns_tables],
        "contexts": [unit for unit in units if unit.blueprint == "context"],
        "identity": next((unit for unit in units if unit.name == "identity"), None),
        "deployables": build_deployables(project, services or []),
    }


def merge_into(source: Path, target: Path, project: Path) -> None:
    """Move the contents of ``source`` into ``target``, directories merged, files never replaced."""
    for child in sorted(source.iterdir()):
        destination = target / child.name
        if child.is_dir() and destination.is_dir():
            merge_into(child, destination, project)
            child.rmdir()
        elif destination.exists():
            msg = f"two variants of {destination.relative_to(project)} apply at once"
            raise FileExistsError(msg)
        else:
            child.rename(destination)


def apply_conditions(project: Path, answers: Answers) -> None:
    """Dissolve or remove the conditional directories of the rendered superset tree."""
    conditional_dirs = sorted(
        (path for path in project.rglob("+*") if path.is_dir() and segment_condition(path.name)),
        key=lambda path: len(path.parts),
        reverse=True,
    )
    for directory in conditional_dirs:
        condition = segment_condition(directory.name)
        if condition is not None and condition.holds(answers):
            merge_into(directory, directory.parent, project)
            directory.rmdir()
        else:
            shutil.rmtree(directory)


def remove_bytecode(project: Path) -> None:
    """Drop ``__pycache__`` directories: pip byte-compiles an installed template's superset tree."""
    for cache in sorted(project.rglob("__pycache__"), reverse=True):
        shutil.rmtree(cache, ignore_errors=True)


def render_late_files(project: Path, context: Mapping[str, Any]) -> None:
    env = environment()
    for relative in list(walk_files(project)):
        if relative.suffix != LATE_SUFFIX:
            continue
        source = project / relative
        text = env.from_string(source.read_text(encoding="utf-8")).render(context)
        source.with_suffix("").write_text(text, encoding="utf-8")
        source.unlink()


def render_unit(unit: Unit, context: Mapping[str, Any]) -> dict[PurePosixPath, str]:
    """A unit's files as {project path: text}, without touching the disk."""
    root = BLUEPRINTS / unit.blueprint
    if not root.is_dir():
        msg = f"blueprint {unit.blueprint!r} is missing from the backend-template installation"
        raise FileNotFoundError(msg)
    parts: dict[str, Path] = {}
    shared = BLUEPRINTS / SHARED_PARTS
    for relative in walk_files(shared) if shared.is_dir() else ():
        resolved = resolve(relative, context["cookiecutter"], unit)
        if resolved is not None and is_part(relative):
            parts[resolved.as_posix()] = shared / relative
    placed: list[tuple[PurePosixPath, PurePosixPath]] = []
    for relative in walk_files(root):
        resolved = resolve(relative, context["cookiecutter"], unit)
        if resolved is None:
            continue
        if is_part(relative):
            parts[resolved.as_posix()] = root / relative
        else:
            placed.append((relative, resolved))
    env = environment()
    # A part's lines stand in for the include line, whose own line end ends the last of them.
    env.loader = jinja2.FunctionLoader(
        lambda name: (
            parts[name].read_text(encoding="utf-8").removesuffix("\n") if name in parts else None
        )
    )
    files: dict[PurePosixPath, str] = {}
    for relative, resolved in placed:
        text = env.from_string((root / relative).read_text(encoding="utf-8")).render(
            {**context, "unit": unit}
        )
        files[unit.place(resolved)] = text
    return files


def write_files(project: Path, files: Mapping[PurePosixPath, str]) -> None:
    for relative, text in sorted(files.items()):
        target = project / relative
        if target.exists():
            msg = f"blueprint output {relative} would overwrite a file of the template"
            raise FileExistsError(msg)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def add_package_markers(project: Path) -> None:
    """Give every directory of Python modules under src/ and tests/ an ``__init__.py``."""
    for top in ("src", "tests"):
        base = project / top
        if not base.is_dir():
            continue
        for directory in sorted([base, *(path for path in base.rglob("*") if path.is_dir())]):
            if (directory == base and top == "src") or "__pycache__" in directory.parts:
                continue
            if any(directory.rglob("*.py")) and not (directory / "__init__.py").exists():
                (directory / "__init__.py").write_text("", encoding="utf-8")


def remove_empty_dirs(project: Path) -> None:
    for directory in sorted(project.rglob("*"), key=lambda path: len(path.parts), reverse=True):
        if directory.is_dir() and not any(directory.iterdir()):
            directory.rmdir()


def record_provenance(target: Path, project: Project, units: list[Unit]) -> None:
    """The project's provenance, last: a service of a workspace has none of its own."""
    if not project.service:
        provenance.record(target, project.public_answers() | project.private_inputs(), units)


def assemble(target: Path, answers: Answers) -> None:
    """Turn the rendered superset tree in ``target`` into the project these answers describe."""
    assemble_project(target, Project.parse(answers))


def assemble_project(target: Path, project: Project) -> None:
    """Turn the rendered superset tree in ``target`` into ``project``."""
    if project.is_workspace:
        assemble_workspace(target, project)
        return
    answers = project.cookiecutter
    units = build_units(project)
    context = render_context(project, units)
    remove_bytecode(target)
    remove(target / WORKSPACE_DIR)
    apply_conditions(target, answers)
    render_late_files(target, context)
    for unit in units:
        write_files(target, render_unit(unit, context))
    sort_project_imports(target, (project.package, TESTS_PACKAGE))
    add_package_markers(target)
    remove_empty_dirs(target)
    record_provenance(target, project, units)


def assemble_workspace(target: Path, project: Project) -> None:
    """A microservices project: the workspace root, then each service assembled in its place."""
    services = build_services(project)
    units = build_units(project)
    remove_bytecode(target)
    apply_conditions(target, project.cookiecutter)
    for name in WORKSPACE_DROPS:
        remove(target / name)
    workspace = target / WORKSPACE_DIR
    merge_into(workspace, target, target)
    workspace.rmdir()
    template = Path(str(project.cookiecutter.get("_repo_dir") or template_dir()))
    library = Library.of(project.slug)
    modules, tests, support = render_library(template, project, library, target)
    context = render_context(project, units, services)
    render_late_files(target, {**context, "library": library.contents(modules)})
    for service in services:
        render_service(
            template, service.project(project), assemble_project, target / service.directory
        )
    sources = {service.directory / "src": service.package for service in services}
    hoist(target, sources, library, modules, tests, support=support)
    for service in services:
        sort_project_imports(
            target / service.directory, (service.package, library.package, TESTS_PACKAGE)
        )
    sort_project_imports(target / library.directory, library.package)
    remove_empty_dirs(target)
    record_provenance(target, project, units)


def library_project(project: Project, library: Library) -> Project:
    """The system's answers as the kernel is rendered with: one package, no service of its own."""
    return project.for_service(
        name="shared",
        title="Shared",
        package=PLACEHOLDER,
        slug=library.distribution,
        auth=CONTEXT_SERVICE_AUTH[project.auth],
        contexts=project.contexts[:1],
        upstream=None,
        database_name=f"{project.package}_shared",
    )


def render_library(
    template: Path, project: Project, library: Library, target: Path
) -> tuple[list[str], list[str], list[str]]:
    """Render the kernel once, whatever the services, and write it into the workspace's library.

    The kernel's modules are those of the template and of its platform units (the outbox), so it
    is assembled as a project of its own, of which the library keeps the kernel.
    """
    with tempfile.TemporaryDirectory(prefix="backend-template-kernel-") as scratch:
        tree = Path(scratch) / "kernel"
        render_service(
            template,
            library_project(project, library),
            assemble_project,
            tree,
        )
        return write_library(target, tree, library, kernel_for(project.cookiecutter))
