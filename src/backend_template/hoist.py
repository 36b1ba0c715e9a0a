"""The shared library of a microservices workspace: the kernel, declared and rendered once.

The kernel (event contracts, error format, roles and the authorizer, logging, the outbox relay,
the client for calls between services, ...) is a list of template modules, ``KERNEL``. The
library ``libs/<slug>-shared`` is rendered once from those modules, with the system's answers,
whatever its services are; its tests (``KERNEL_TESTS``) come from the same template tests that
check those modules in a monolith, and the helpers those tests share (``KERNEL_TEST_SUPPORT``)
become the library's ``testing`` package. Each service is assembled as any project and then
gives up the kernel: its copies of the kernel modules, of their tests and of the test support
are removed and its imports point at the library. Nothing is compared between services: a
change to one kernel module changes that one file of the library.

A kernel module takes what differs between services as arguments or settings (a ``Protocol`` of
the settings it reads, which each service's ``Settings`` meets): one that imports a module of
the service package outside the kernel (its settings, its composition) is an error.
"""

from __future__ import annotations

import ast
import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from backend_template.imports import lift_imports

# The service packages whose modules may be kernel, and where each lands in the library: the
# kernel at the library's top, the HTTP helpers and adapters under their layer's name.
HOISTED_LAYERS: dict[str, str] = {"shared": "", "api": "api", "infrastructure": "infrastructure"}
PLACEHOLDER = "__service_package__"
# The kernel: the modules the library holds (those the answers give a project), once for every
# service: the database, the outbox and the idempotency keys on it, and the broker adapter take
# their settings as protocols. Settings, the composition and the auth adapters are each
# service's own and are never part of it.
KERNEL: frozenset[str] = frozenset(
    {
        "shared.background",
        "shared.broker_settings",
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
        "shared.upstream_settings",
        "api.camel_case",
        "api.conditional",
        "api.edge",
        "api.errors",
        "api.forwarded",
        "api.health",
        "api.idempotency",
        "api.openapi",
        "api.pagination",
        "api.protection",
        "api.rate_limits",
        "api.versions",
        "api.security",
        "api.strict_queries",
        "api.telemetry",
        "infrastructure.broker",
        "infrastructure.database",
        "infrastructure.database_provisioning",
        "infrastructure.database_server",
        "infrastructure.database_telemetry",
        "infrastructure.driver_errors",
        "infrastructure.event_bus",
        "infrastructure.event_delivery",
        "infrastructure.idempotency.models",
        "infrastructure.idempotency.rows",
        "infrastructure.idempotency.store",
        "infrastructure.outage",
        "infrastructure.rate_limit_store",
        "infrastructure.tables",
        "infrastructure.outbox.models",
        "infrastructure.outbox.relay",
        "infrastructure.outbox.store",
        "infrastructure.query_conditions",
    }
)
# Kernel modules the services keep under some answers: with Tortoise ORM the database registers
# the service's own models (``infrastructure.apps``), so it and what is built on it stay there.
SERVICE_OWNED: dict[tuple[str, str], frozenset[str]] = {
    ("orm", "tortoise"): frozenset(
        {
            "infrastructure.database",
            "infrastructure.database_provisioning",
            "infrastructure.database_telemetry",
            "infrastructure.idempotency.models",
            "infrastructure.idempotency.store",
            "infrastructure.outbox.models",
            "infrastructure.outbox.store",
        }
    ),
}
# The tests of the kernel: template tests (under tests/) that import nothing but the kernel.
# The library runs them; the services no longer carry a copy each. One that imports a module
# the kernel lacks stays in the services, beside that module.
KERNEL_TESTS: frozenset[str] = frozenset(
    {
        "unit/outbox/test_relay.py",
        "unit/test_clock_and_ids.py",
        "unit/test_cursors.py",
        "unit/test_database_outage.py",
        "unit/test_database_tls.py",
        "unit/test_database_types.py",
        "unit/test_event_contracts.py",
        "unit/test_filters.py",
        "unit/test_idempotency.py",
        "unit/test_integration_event.py",
        "unit/test_openapi_changes.py",
        "unit/test_pagination.py",
        "unit/test_principal_cache.py",
        "unit/test_rate_limit_store.py",
        "unit/test_security.py",
        "unit/test_text.py",
        "unit/test_tracing.py",
        "unit/test_versions.py",
    }
)
# The kernel's test support: helper modules of the template's tests (dotted, below tests/) that
# import nothing but the kernel and each other. The library holds them under ``testing``, where
# its own tests and the services' tests import them from.
KERNEL_TEST_SUPPORT: frozenset[str] = frozenset(
    {
        "api.helpers",
        "broker_server",
        "database_proxy",
        "fakes.clock",
        "fakes.events",
        "openapi_changes",
        "otlp_receiver",
        "ports",
        "rate_limit_redis",
    }
)
# Where the library keeps the kernel's tests, below its directory, and its test support.
LIBRARY_TESTS = "tests"
LIBRARY_TEST_SUPPORT = "testing"
TESTS_PACKAGE = "tests"


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

    def contents(self, modules: Iterable[str]) -> dict[str, Any]:
        """What the library's own files are written from: its package and its core modules."""
        core = [self.module(module) for module in sorted(modules) if module.startswith("shared.")]
        return {"package": self.package, "core": core}

    def support(self, test_module: str) -> str:
        """Where a module of the kernel's test support (dotted, below tests/) lives."""
        return f"{self.package}.{LIBRARY_TEST_SUPPORT}.{test_module}"

    def module(self, service_module: str) -> str:
        """Where a hoisted module (dotted, inside a service package) lives in the library."""
        layer, _, rest = service_module.partition(".")
        target = HOISTED_LAYERS[layer]
        return ".".join(part for part in (self.package, target, rest) if part)


def module_path(root: Path, module: str) -> Path:
    """The file of a dotted module below a package directory."""
    return (root / PurePosixPath(*module.split("."))).with_suffix(".py")


def kernel_for(answers: Mapping[str, object]) -> frozenset[str]:
    """The kernel of a system with these answers: ``KERNEL`` but what the services keep."""
    kept = {
        module
        for (question, answer), modules in SERVICE_OWNED.items()
        if answers.get(question) == answer
        for module in modules
    }
    return KERNEL - kept


def kernel_modules(source: Path, package: str, kernel: Iterable[str] = KERNEL) -> dict[str, str]:
    """The kernel modules a rendered tree holds (those its answers give it): dotted -> text."""
    root = source / package
    return {
        module: module_path(root, module).read_text(encoding="utf-8")
        for module in sorted(kernel)
        if module_path(root, module).is_file()
    }


def project_imports(text: str, modules: Iterable[str] = ()) -> set[str]:
    """The modules of the service package a module imports (dotted, inside the package).

    ``from <package>.api import security`` imports the module ``api.security`` when it is one of
    ``modules``, else the package ``api``.
    """
    known = set(modules)
    imported: set[str] = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            inside = node.module.removeprefix(PLACEHOLDER).lstrip(".")
            if node.module.startswith(f"{PLACEHOLDER}.") and all(
                f"{inside}.{alias.name}" in known for alias in node.names
            ):
                names = [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            if name == PLACEHOLDER or name.startswith(f"{PLACEHOLDER}."):
                imported.add(name.removeprefix(PLACEHOLDER).lstrip("."))
    return imported


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


def library_text(text: str, modules: Iterable[str], library: Library) -> str:
    """A kernel module or test as the library holds it: the kernel imported from the library."""
    text = submodule_import(PLACEHOLDER).sub(
        lambda match: library_import(match, modules, library), text
    )
    text = rename_pattern(PLACEHOLDER, modules).sub(
        lambda match: library.module(match.group(1)), text
    )
    # The package named anywhere else (a docstring, a logger's name) is the library's.
    return text.replace(PLACEHOLDER, library.package)


def test_imports(text: str) -> set[str]:
    """The modules of the tests package a module imports (dotted, below tests/)."""
    imported: set[str] = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == TESTS_PACKAGE:
                imported.update(alias.name for alias in node.names)
            elif node.module.startswith(f"{TESTS_PACKAGE}."):
                imported.add(node.module.removeprefix(f"{TESTS_PACKAGE}."))
        elif isinstance(node, ast.Import):
            imported.update(
                alias.name.removeprefix(f"{TESTS_PACKAGE}.")
                for alias in node.names
                if alias.name.startswith(f"{TESTS_PACKAGE}.")
            )
    return imported


def support_text(text: str, support: Iterable[str], library: Library) -> str:
    """``text`` with its imports of the kernel's test support pointed at the library."""
    held = sorted(support, key=len, reverse=True)
    if not held:
        return text
    names = "|".join(re.escape(module) for module in held)
    text = re.sub(
        rf"^from {TESTS_PACKAGE}((?:\.\w+)*) import (\w+)$",
        lambda match: support_import(match, held, library),
        text,
        flags=re.MULTILINE,
    )
    return re.sub(
        rf"\b{TESTS_PACKAGE}\.({names})\b", lambda match: library.support(match.group(1)), text
    )


def support_import(match: re.Match[str], support: Iterable[str], library: Library) -> str:
    """``from tests.fakes import clock`` of a support module: from the library's ``testing``."""
    parent = match.group(1).lstrip(".")
    name = match.group(2)
    if ".".join(part for part in (parent, name) if part) not in support:
        return match.group(0)
    where = ".".join(part for part in (library.package, LIBRARY_TEST_SUPPORT, parent) if part)
    return f"from {where} import {name}"


def library_form(
    text: str, modules: Iterable[str], support: Iterable[str], library: Library
) -> str:
    """A test or test support module as the library holds it: kernel and support its own."""
    supported = support_text(text, support, library)
    held = library_text(supported, modules, library)
    if supported == text:
        return held
    testing = f"{library.package}.{LIBRARY_TEST_SUPPORT}"
    return lift_imports(held, [testing], [library.package], [TESTS_PACKAGE])


def named_modules(text: str, modules: Iterable[str]) -> set[str]:
    """Modules of the service package ``text`` names outside an import (``"<package>.main"``)."""
    known = set(modules)
    named: set[str] = set()
    for match in re.finditer(rf"\b{PLACEHOLDER}\.([A-Za-z_][\w.]*\w)", text):
        name = match.group(1)
        if not any(
            name == module or name.startswith(f"{module}.") or module.startswith(f"{name}.")
            for module in known
        ):
            named.add(name)
    return named


def outside_kernel(name: str, text: str, modules: Iterable[str]) -> None:
    """ValueError when ``name`` imports or names a module of the service package not kernel."""
    foreign = sorted((project_imports(text, modules) - set(modules)) | named_modules(text, modules))
    if foreign:
        msg = (
            f"kernel module {name} imports {', '.join(foreign)}, which each service has its own "
            "of: take it as an argument or a setting, or add it to the kernel"
        )
        raise ValueError(msg)


def write_library(
    project: Path, tree: Path, library: Library, kernel: Iterable[str] = KERNEL
) -> tuple[list[str], list[str], list[str]]:
    """Write the kernel of the rendered ``tree`` (package ``PLACEHOLDER``) into ``library``.

    Returns the kernel modules (dotted, inside a service package), the kernel's tests (paths
    below tests/) and its test support (dotted, below tests/) the library got.
    """
    modules = kernel_modules(tree / "src", PLACEHOLDER, kernel)
    for module, text in modules.items():
        outside_kernel(module, text, modules)
    support = {
        module: path.read_text(encoding="utf-8")
        for module in sorted(KERNEL_TEST_SUPPORT)
        for path in [module_path(tree / TESTS_PACKAGE, module)]
        if path.is_file()
    }
    for module, text in support.items():
        outside_kernel(f"tests.{module}", text, modules)
        foreign = sorted(test_imports(text) - set(support))
        if foreign:
            msg = f"kernel test support tests.{module} imports tests.{', tests.'.join(foreign)}"
            raise ValueError(msg)
    # A test of a module that is no kernel module stays with the module, in every service.
    tests = {
        test: text
        for test in sorted(KERNEL_TESTS)
        if (tree / "tests" / test).is_file()
        for text in [(tree / "tests" / test).read_text(encoding="utf-8")]
        if project_imports(text, modules) <= set(modules) and test_imports(text) <= set(support)
    }
    destination = project / library.directory / "src"
    for module, text in modules.items():
        target = module_path(destination, library.module(module))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(library_text(text, modules, library), encoding="utf-8")
    for module, text in support.items():
        target = module_path(destination, library.support(module))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(library_form(text, modules, support, library), encoding="utf-8")
    for test, text in tests.items():
        target = project / library.directory / LIBRARY_TESTS / PurePosixPath(test).name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(library_form(text, modules, support, library), encoding="utf-8")
    for folder in sorted({path.parent for path in destination.rglob("*.py")}):
        package_dir = folder
        while package_dir != destination and not (package_dir / "__init__.py").exists():
            (package_dir / "__init__.py").write_text("", encoding="utf-8")
            package_dir = package_dir.parent
    (destination / library.package / "py.typed").write_text("", encoding="utf-8")
    return sorted(modules), sorted(tests), sorted(support)


def hoist(
    project: Path,
    packages: Mapping[PurePosixPath, str],
    library: Library,
    modules: Iterable[str],
    tests: Iterable[str] = (),
    *,
    support: Iterable[str] = (),
) -> None:
    """Take the kernel out of each service: the library's ``modules``, ``tests`` and ``support`` go.

    ``packages`` maps each service's source root (relative to ``project``) to its package; the
    service's imports of a kernel module or of the kernel's test support point at the library.
    """
    shared = sorted(modules)
    helpers = sorted(support)
    for source, package in packages.items():
        root = project / source / package
        for module in shared:
            module_path(root, module).unlink(missing_ok=True)
        service_root = project / source.parent
        for test in tests:
            (service_root / "tests" / test).unlink(missing_ok=True)
        for helper in helpers:
            module_path(service_root / TESTS_PACKAGE, helper).unlink(missing_ok=True)
        pattern = rename_pattern(package, shared)
        submodule = submodule_import(package)
        for path in sorted(service_root.rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            renamed = submodule.sub(lambda match: library_import(match, shared, library), text)
            renamed = pattern.sub(lambda match: library.module(match.group(1)), renamed)
            supported = support_text(renamed, helpers, library)
            if supported != renamed:
                renamed = lift_imports(
                    supported,
                    [f"{library.package}.{LIBRARY_TEST_SUPPORT}"],
                    [package, library.package],
                    [TESTS_PACKAGE],
                )
            if renamed != text:
                path.write_text(renamed, encoding="utf-8")
        remove_empty_packages(root)
        remove_empty_packages(service_root / TESTS_PACKAGE)


def remove_empty_packages(root: Path) -> None:
    """Drop the service's packages left with nothing but their ``__init__.py``."""
    for directory in sorted(root.rglob("*"), key=lambda path: len(path.parts), reverse=True):
        if not directory.is_dir():
            continue
        children = [child for child in directory.iterdir() if child.name != "__pycache__"]
        if [child.name for child in children] == ["__init__.py"] and not children[0].read_text():
            shutil.rmtree(directory)
