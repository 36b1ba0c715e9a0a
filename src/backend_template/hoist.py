"""The shared library of a microservices workspace: what every service renders alike, once.

Each service is rendered from the same template, so its kernel (event contracts, error format,
roles and the authorizer, logging, the outbox relay, ...) comes out the same in every service,
but for the service's package name. ``hoist`` moves those modules into one library,
``libs/<slug>-shared``, and points the services' imports at it, so that a change to the kernel
is made once and every service gets it.

A module moves only when it is the same in every service and every module of the project it
imports moves too: a module bound to a service's own settings (its database, its broker
adapter, its auth settings) stays in the service.
"""

from __future__ import annotations

import ast
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# The service packages whose modules may move, and where each lands in the library: the
# kernel at the library's top, the HTTP helpers and adapters under their layer's name.
HOISTED_LAYERS: dict[str, str] = {"shared": "", "api": "api", "infrastructure": "infrastructure"}
PLACEHOLDER = "__service_package__"
# The kernel: the modules that may move, when every service has them alike. Settings, the
# database, the broker adapter and the auth adapters are each service's own and never move.
KERNEL: frozenset[str] = frozenset(
    {
        "shared.background",
        "shared.clock",
        "shared.cursors",
        "shared.errors",
        "shared.event_contracts",
        "shared.events",
        "shared.filters",
        "shared.http_client",
        "shared.idempotency",
        "shared.ids",
        "shared.logging",
        "shared.metrics",
        "shared.pagination",
        "shared.rate_limits",
        "shared.redaction",
        "shared.resilience",
        "shared.security",
        "shared.text",
        "shared.tracebacks",
        "shared.tracing",
        "shared.unit_of_work",
        "api.camel_case",
        "api.conditional",
        "api.edge",
        "api.errors",
        "api.forwarded",
        "api.health",
        "api.idempotency",
        "api.openapi",
        "api.pagination",
        "api.rate_limits",
        "api.versions",
        "api.security",
        "api.strict_queries",
        "api.telemetry",
        "infrastructure.event_bus",
        "infrastructure.tables",
        "infrastructure.outbox.relay",
        "infrastructure.query_conditions",
    }
)


@dataclass(frozen=True)
class Library:
    """The workspace's shared library: its directory, distribution and import package."""

    directory: PurePosixPath
    distribution: str
    package: str

    @classmethod
    def of(cls, slug: str) -> Library:
        """The library of the system ``slug``: ``libs/<slug>-shared``, package ``<slug>_shared``."""
        distribution = f"{slug}-shared"
        return cls(
            PurePosixPath("libs", distribution), distribution, distribution.replace("-", "_")
        )

    def module(self, service_module: str) -> str:
        """Where a hoisted module (dotted, inside a service package) lives in the library."""
        layer, _, rest = service_module.partition(".")
        target = HOISTED_LAYERS[layer]
        return ".".join(part for part in (self.package, target, rest) if part)


def modules_of(source: Path, package: str, kept: frozenset[str]) -> dict[str, str]:
    """The hoistable modules of one service: dotted path inside the package -> normalised text.

    The packages named in ``kept`` (the bounded contexts, identity) stay whole in the service.
    """
    root = source / package
    found: dict[str, str] = {}
    for layer in HOISTED_LAYERS:
        for path in sorted((root / layer).rglob("*.py")):
            inside = path.relative_to(root / layer).parts
            if path.name == "__init__.py" or (len(inside) > 1 and inside[0] in kept):
                continue
            dotted = ".".join(path.relative_to(root).with_suffix("").parts)
            found[dotted] = path.read_text(encoding="utf-8").replace(package, PLACEHOLDER)
    return found


def project_imports(text: str) -> set[str]:
    """The modules of the service package a module imports (dotted, inside the package)."""
    imported: set[str] = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            if name == PLACEHOLDER or name.startswith(f"{PLACEHOLDER}."):
                imported.add(name.removeprefix(PLACEHOLDER).lstrip("."))
    return imported


def hoistable(services: Sequence[dict[str, str]]) -> dict[str, str]:
    """The kernel modules the same in every service whose project imports all move too."""
    first, *others = services
    candidates = {
        module: text
        for module, text in first.items()
        if module in KERNEL and all(other.get(module) == text for other in others)
    }
    while True:
        blocked = {
            module
            for module, text in candidates.items()
            if any(imported not in candidates for imported in project_imports(text))
        }
        if not blocked:
            return candidates
        for module in blocked:
            del candidates[module]


def rename_pattern(package: str, modules: Iterable[str]) -> re.Pattern[str]:
    names = "|".join(re.escape(module) for module in sorted(modules, key=len, reverse=True))
    return re.compile(rf"\b{re.escape(package)}\.({names})\b")


def submodule_import(package: str) -> re.Pattern[str]:
    """``from <package>.<parent> import <name>``, one name on one line (a module, maybe)."""
    return re.compile(rf"^from {re.escape(package)}\.([\w.]+) import (\w+)$", re.MULTILINE)


def library_import(match: re.Match[str], shared: Iterable[str], library: Library) -> str:
    """The import of a hoisted module by its package (``from pkg.api import pagination``)."""
    parent, name = match.group(1), match.group(2)
    if f"{parent}.{name}" not in shared:
        return match.group(0)
    where = library.module(f"{parent}.{name}").rpartition(".")[0]
    return f"from {where} import {name}"


def hoist(
    project: Path,
    packages: dict[PurePosixPath, str],
    library: Library,
    kept: frozenset[str] = frozenset(),
) -> list[str]:
    """Move the modules every service shares into ``library``; return their dotted names.

    ``packages`` maps each service's source root (relative to ``project``) to its package;
    ``kept`` names the packages of bounded contexts, which never move.
    """
    texts = [modules_of(project / source, package, kept) for source, package in packages.items()]
    shared = hoistable(texts)
    if not shared:
        return []
    destination = project / library.directory / "src"
    for module, text in shared.items():
        target = destination / PurePosixPath(*library.module(module).split(".")).with_suffix(".py")
        target.parent.mkdir(parents=True, exist_ok=True)
        library_text = rename_pattern(PLACEHOLDER, shared).sub(
            lambda match: library.module(match.group(1)), text
        )
        target.write_text(library_text, encoding="utf-8")
    for source, package in packages.items():
        root = project / source / package
        for module in shared:
            (root / PurePosixPath(*module.split("."))).with_suffix(".py").unlink()
        service_root = project / source.parent
        pattern = rename_pattern(package, shared)
        submodule = submodule_import(package)
        for path in sorted(service_root.rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            renamed = submodule.sub(lambda match: library_import(match, shared, library), text)
            renamed = pattern.sub(lambda match: library.module(match.group(1)), renamed)
            if renamed != text:
                path.write_text(renamed, encoding="utf-8")
        remove_empty_packages(root)
    for folder in sorted({path.parent for path in destination.rglob("*.py")}):
        package_dir = folder
        while package_dir != destination and not (package_dir / "__init__.py").exists():
            (package_dir / "__init__.py").write_text("", encoding="utf-8")
            package_dir = package_dir.parent
    (destination / library.package / "py.typed").write_text("", encoding="utf-8")
    return sorted(shared)


def remove_empty_packages(root: Path) -> None:
    """Drop the service's packages left with nothing but their ``__init__.py``."""
    for directory in sorted(root.rglob("*"), key=lambda path: len(path.parts), reverse=True):
        if not directory.is_dir():
            continue
        children = [child for child in directory.iterdir() if child.name != "__pycache__"]
        if [child.name for child in children] == ["__init__.py"] and not children[0].read_text():
            shutil.rmtree(directory)
