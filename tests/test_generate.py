"""Tier 1: every supported row generates a complete, rendered, parseable, lint-clean project."""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml

from backend_template.project import Project
from backend_template.services import build_services
from backend_template.units import Unit, build_units
from tests.matrix import ROWS, Row, implemented_axes
from tests.support import (
    bake,
    cookiecutter_answers,
    output_of,
    run,
    tool,
    tree_differences,
    tree_hashes,
)

JINJA_MARKERS = ("{{", "{%", "{#")
WORKFLOW_EXPRESSION = re.compile(r"\$\{\{.*?\}\}")
STRUCTURED_SUFFIXES = {".toml", ".yaml", ".yml", ".json"}
# What a comment of a generated file may not speak of: how the file was made. The tool's own
# name (``backend-template update`` is a command of the project) and the words of other
# trades (a unit of work, a route or pod template) are not about the generator.
GENERATOR_WORDS = re.compile(
    r"\b(cookiecutter|jinja|templates?|generator|formatter|rendered|rendering|units?)\b",
    re.IGNORECASE,
)
OTHER_TRADES = re.compile(
    r"backend-template|\bunits? (?:of work|tests?)\b|\b(?:route|path|pod) templates?\b",
    re.IGNORECASE,
)
HASH_COMMENTED = {".toml", ".ini", ".cfg", ".sh", ".yaml", ".yml"}
HASH_COMMENTED_NAMES = {"Makefile", "Dockerfile", ".env.example", ".dockerignore", ".gitignore"}
TRAILING_COMMENT = re.compile(r"(?:^|\s)#(?![!/{])(.*)$")

# Files at the root of a project, or of a microservices workspace; then those of each
# deployable (the project itself, or each service of a workspace).
ROOT_FILES = (
    "pyproject.toml",
    "Makefile",
    "README.md",
    "ARCHITECTURE.md",
    "compose.yaml",
    ".env.example",
    ".gitignore",
    ".python-version",
    ".pre-commit-config.yaml",
    ".github/workflows/ci.yml",
    ".github/workflows/template-update.yml",
    ".backend-template.json",
)
DEPLOYABLE_FILES = (
    "pyproject.toml",
    "Makefile",
    "README.md",
    "Dockerfile",
    ".env.example",
    ".dockerignore",
    "importlinter.toml",
    "tests/conftest.py",
    "tests/database_fixtures.py",
)
# The kernel modules a workspace keeps once, in its shared library (package relative).
LIBRARY_MODULES = (
    "events.py",
    "errors.py",
    "logging.py",
    "api/errors.py",
    "api/health.py",
    # The client for calls between services and its policies: microservices only.
    "http_client.py",
    "resilience.py",
)
# Alembic's files for the ORMs on SQLAlchemy; Tortoise keeps its migrations inside the package.
ALEMBIC_FILES = ("alembic.ini", "migrations/env.py", "migrations/script.py.mako")
ALEMBIC_ORMS = ("sqlalchemy", "sqlmodel")
KERNEL_MODULES = (
    "main.py",
    "composition/platform.py",
    "shared/errors.py",
    "shared/pagination.py",
    "shared/text.py",
    "shared/clock.py",
    "shared/background.py",
    "shared/ids.py",
    "shared/settings.py",
    "shared/logging.py",
    "shared/metrics.py",
    "shared/redaction.py",
    "shared/tracebacks.py",
    "shared/tracing.py",
    "api/errors.py",
    "api/forwarded.py",
    "api/middleware.py",
    "api/pagination.py",
    "api/openapi.py",
    "api/health.py",
    "api/telemetry.py",
    "infrastructure/database.py",
    "infrastructure/database_telemetry.py",
)
# Every project has test fixtures for callers (headers, or none needed); a project with
# authentication has the principal in its kernel and the guards in its HTTP helpers.
SECURITY_MODULES = ("src/{package}/shared/security.py", "src/{package}/api/security.py")
AUTH_FIXTURES = "tests/auth_fixtures.py"
DATABASE_IMAGES = {"postgresql": "postgres", "mysql": ("mysql", "mariadb"), "sqlite": None}
DATABASE_DRIVERS = {"postgresql": "asyncpg", "mysql": "asyncmy", "sqlite": "aiosqlite"}
# Tortoise ORM depends on aiosqlite itself: its SQLite projects name no driver.
IMPLIED_DRIVERS = {("tortoise", "sqlite")}
# The URL each ORM expects, by database: SQLAlchemy's dialect+driver, Tortoise's own schemes.
DATABASE_URL_SCHEMES = {
    "sqlalchemy": {
        "postgresql": "postgresql+asyncpg://",
        "mysql": "mysql+asyncmy://",
        "sqlite": "sqlite+aiosqlite://",
    },
    "tortoise": {"postgresql": "asyncpg://", "mysql": "mysql://", "sqlite": "sqlite://"},
}


def url_schemes(orm: str) -> dict[str, str]:
    return DATABASE_URL_SCHEMES["tortoise" if orm == "tortoise" else "sqlalchemy"]


def row_params() -> list[Any]:
    return [pytest.param(row, id=row.id) for row in ROWS]


@pytest.fixture(params=row_params())
def row(request: pytest.FixtureRequest) -> Row:
    selected: Row = request.param
    return selected


@pytest.fixture
def project(row: Row, baked: Callable[[Row], Path]) -> Path:
    return baked(row)


@pytest.fixture
def answers(row: Row) -> dict[str, Any]:
    return cookiecutter_answers(row.answers)


def files(project: Path) -> Iterator[Path]:
    return (path for path in sorted(project.rglob("*")) if path.is_file())


def text_files(project: Path) -> Iterator[tuple[Path, str]]:
    for path in files(project):
        try:
            yield path, path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue


LAYERS = ("domain", "application", "infrastructure", "api")


def units_layout(package: str, units: list[Unit], context_dir: str) -> list[str]:
    """Paths a project must have: kernel modules, each context in every layer (``context_dir``
    says where), each unit's wiring in the composition root, and a migration for each unit
    that owns tables."""
    expected = [f"src/{package}/{module}" for module in KERNEL_MODULES]
    for unit in units:
        if unit.blueprint == "context":
            expected += [
                f"src/{package}/{context_dir.format(layer=layer, name=unit.name)}/__init__.py"
                for layer in LAYERS
            ]
        if unit.is_platform:
            expected.append(f"src/{package}/infrastructure/{unit.name}/__init__.py")
        else:
            expected.append(f"src/{package}/composition/{unit.name}.py")
        if unit.owns_tables:
            expected.append(unit.place(PurePosixPath("migrations", "initial.py")).as_posix())
    return expected


def monolith_layout(package: str, units: list[Unit]) -> list[str]:
    return units_layout(package, units, "{layer}/{name}")


def modular_monolith_layout(package: str, units: list[Unit]) -> list[str]:
    return units_layout(package, units, "modules/{name}/{layer}")


# Kernel modules a service does not keep: the workspace's library holds them, once.
HOISTED_KERNEL = (
    "shared/errors.py",
    "shared/pagination.py",
    "shared/text.py",
    "shared/clock.py",
    "shared/background.py",
    "shared/ids.py",
    "shared/logging.py",
    "shared/metrics.py",
    "shared/redaction.py",
    "shared/tracebacks.py",
    "shared/tracing.py",
    "api/errors.py",
    "api/forwarded.py",
    "api/pagination.py",
    "api/openapi.py",
    "api/health.py",
    "api/telemetry.py",
)


# With SQLAlchemy or SQLModel the library holds the database too, and the outbox and the
# idempotency keys on it: a service keeps their migrations only.
HOISTED_WITH_SQLALCHEMY = (
    "infrastructure/database.py",
    "infrastructure/database_telemetry.py",
    "infrastructure/outbox/__init__.py",
    "infrastructure/idempotency/__init__.py",
)


def service_layout(package: str, units: list[Unit], orm: str) -> list[str]:
    """A service of a workspace: a one-context monolith whose kernel lives in the library."""
    modules = HOISTED_KERNEL + (HOISTED_WITH_SQLALCHEMY if orm in ALEMBIC_ORMS else ())
    hoisted = {f"src/{package}/{module}" for module in modules}
    return [path for path in monolith_layout(package, units) if path not in hoisted]


LAYOUTS: dict[str, Callable[[str, list[Unit], str], list[str]]] = {
    "monolith": lambda package, units, _orm: monolith_layout(package, units),
    "modular-monolith": lambda package, units, _orm: modular_monolith_layout(package, units),
    "microservices": service_layout,
}
OTHER_STYLE_ROOTS = {
    "monolith": ("src/{package}/modules", "services", "libs"),
    "modular-monolith": ("src/{package}/domain", "src/{package}/application", "services", "libs"),
    "microservices": ("src/{package}/modules", "services", "libs"),
}
# One application makes no calls to other services: no client for them.
SERVICE_CALL_MODULES = ("src/{package}/shared/http_client.py", "src/{package}/shared/resilience.py")


def deployables(project: Path, answers: dict[str, Any]) -> list[tuple[Path, Project]]:
    """Each deployable's directory with what it was assembled as: the project, or each service."""
    system = Project.parse(answers)
    if not system.is_workspace:
        return [(project, system)]
    return [
        (project / service.directory, service.project(system)) for service in build_services(system)
    ]


def test_every_implemented_architecture_has_an_expected_layout() -> None:
    assert set(implemented_axes()["architecture"]) <= set(LAYOUTS)


def test_row_generates(project: Path, answers: dict[str, Any]) -> None:
    assert project.name == answers["project_slug"]
    assert (project / "pyproject.toml").is_file()


def test_no_unrendered_template_syntax(project: Path) -> None:
    offenders: list[str] = []
    for path, raw in text_files(project):
        relative = path.relative_to(project).as_posix()
        workflow = relative.startswith(".github/workflows/")
        text = WORKFLOW_EXPRESSION.sub("", raw) if workflow else raw
        for number, line in enumerate(text.splitlines(), start=1):
            if any(marker in line for marker in JINJA_MARKERS):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert not offenders, "unrendered Jinja:\n" + "\n".join(offenders)


def test_no_engine_leftovers(project: Path) -> None:
    leftovers = [
        path.relative_to(project).as_posix()
        for path in project.rglob("*")
        if path.name.startswith("+")
        or path.suffix == ".jinja"
        or path.name == "__pycache__"
        or path.suffix == ".pyc"
    ]
    assert not leftovers


def comments(path: Path, text: str) -> Iterator[tuple[int, str]]:
    """The comments of a source or build file, with their line numbers."""
    if path.suffix == ".py":
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                yield token.start[0], token.string
    elif path.suffix in HASH_COMMENTED or path.name in HASH_COMMENTED_NAMES:
        for number, line in enumerate(text.splitlines(), start=1):
            found = TRAILING_COMMENT.search(line)
            if found:
                yield number, found.group(1)


def test_comments_do_not_speak_of_the_generator(project: Path) -> None:
    offenders = [
        f"{path.relative_to(project).as_posix()}:{number}: {comment.strip()}"
        for path, text in text_files(project)
        for number, comment in comments(path, text)
        if GENERATOR_WORDS.search(OTHER_TRADES.sub("", comment))
    ]
    assert not offenders, "comments about how the project was made:\n" + "\n".join(offenders)


def test_expected_paths_present(project: Path, row: Row, answers: dict[str, Any]) -> None:
    missing = [path for path in ROOT_FILES if not (project / path).is_file()]
    for root, deployable in deployables(project, answers):
        package = deployable.package
        units = build_units(deployable)
        expected = list(DEPLOYABLE_FILES)
        expected += LAYOUTS[answers["architecture"]](package, units, answers["orm"])
        expected.append(AUTH_FIXTURES)
        if answers["orm"] in ALEMBIC_ORMS:
            expected += ALEMBIC_FILES
        if deployable.auth != "none" and answers["architecture"] != "microservices":
            expected += [path.format(package=package) for path in SECURITY_MODULES]
        missing += [
            f"{root.relative_to(project)}/{path}"
            for path in expected
            if not (root / path).is_file()
        ]
    if answers["architecture"] == "microservices":
        library = project / "libs" / f"{answers['project_slug']}-shared"
        package = answers["project_slug"].replace("-", "_") + "_shared"
        missing += [
            f"libs/{module}"
            for module in ("pyproject.toml", *(f"src/{package}/{m}" for m in LIBRARY_MODULES))
            if not (library / module).is_file()
        ]
    assert not missing, f"{row.id} lacks: {missing}"
    assert list(project.glob("docs/adr/0001-*.md")), "the first architecture decision record"


def test_paths_of_other_choices_absent(project: Path, answers: dict[str, Any]) -> None:
    present: list[str] = []
    for root, deployable in deployables(project, answers):
        package = deployable.package
        absent = list(OTHER_STYLE_ROOTS[answers["architecture"]])
        if answers["architecture"] != "microservices":
            absent += SERVICE_CALL_MODULES
        if deployable.auth == "none":
            absent += SECURITY_MODULES
        if answers["orm"] not in ALEMBIC_ORMS:
            absent += ALEMBIC_FILES
        present += [path for path in absent if (root / path.format(package=package)).exists()]
    if answers["architecture"] == "microservices":
        present += [path for path in ("src", "tests", "Dockerfile") if (project / path).exists()]
    assert not present


def test_every_context_ships_tests(project: Path, answers: dict[str, Any]) -> None:
    lacking: list[str] = []
    for root, deployable in deployables(project, answers):
        contexts = [unit for unit in build_units(deployable) if unit.blueprint == "context"]
        lacking += [
            f"{root.relative_to(project)}/tests/{kind}/{unit.name}"
            for unit in contexts
            for kind in ("unit", "integration", "api")
            if not list((root / "tests" / kind / unit.name).glob("test_*.py"))
        ]
    assert not lacking


def test_python_packages_are_marked(project: Path, answers: dict[str, Any]) -> None:
    unmarked = [
        directory.relative_to(project).as_posix()
        for root, _deployable in deployables(project, answers)
        for top in ("src", "tests")
        for directory in (root / top).rglob("*")
        if directory.is_dir()
        and list(directory.glob("*.py"))
        and not (directory / "__init__.py").is_file()
    ]
    assert not unmarked


def test_structured_files_parse(project: Path) -> None:
    parsed = 0
    for path in files(project):
        if path.suffix not in STRUCTURED_SUFFIXES:
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".toml":
            tomllib.loads(text)
        elif path.suffix == ".json":
            json.loads(text)
        else:
            list(yaml.safe_load_all(text))
        parsed += 1
    assert parsed >= 4


def test_pyproject_matches_answers(project: Path, answers: dict[str, Any]) -> None:
    root = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    assert root["project"]["name"] == answers["project_slug"]
    for directory, deployable in deployables(project, answers):
        pyproject = tomllib.loads((directory / "pyproject.toml").read_text(encoding="utf-8"))
        assert pyproject["project"]["name"] == deployable.slug
        assert f">={answers['python_version']}" in pyproject["project"]["requires-python"]
        dependencies = " ".join(pyproject["project"]["dependencies"])
        for database, driver in DATABASE_DRIVERS.items():
            chosen = database == answers["database"]
            if (answers["orm"], database) in IMPLIED_DRIVERS:
                chosen = False
            assert (driver in dependencies) == chosen, driver


def base_images(dockerfile: str) -> list[str]:
    """The images of the FROM lines, with the ARG defaults declared before them substituted."""
    arguments: dict[str, str] = {}
    images: list[str] = []
    for line in dockerfile.splitlines():
        words = line.split()
        if len(words) >= 2 and words[0].upper() == "ARG" and "=" in words[1]:
            name, _, default = words[1].partition("=")
            arguments.setdefault(name, default.strip("\"'"))
        elif len(words) >= 2 and words[0].upper() == "FROM":
            image = re.sub(
                r"\$\{?(\w+)\}?", lambda found: arguments.get(found[1], found[0]), words[1]
            )
            images.append(image)
    return images


def test_python_version_is_pinned(project: Path, answers: dict[str, Any]) -> None:
    version = answers["python_version"]
    assert (project / ".python-version").read_text(encoding="utf-8").strip() == version
    for root, _deployable in deployables(project, answers):
        images = base_images((root / "Dockerfile").read_text(encoding="utf-8"))
        pinned = [image for image in images if re.match(rf"python:{re.escape(version)}\b", image)]
        assert pinned, f"no python:{version} base image in {images}"


def test_compose_services_match_database(project: Path, answers: dict[str, Any]) -> None:
    compose = yaml.safe_load((project / "compose.yaml").read_text(encoding="utf-8"))
    images = [str(service.get("image", "")) for service in compose["services"].values()]
    for database, names in DATABASE_IMAGES.items():
        if names is None:
            continue
        wanted = (names,) if isinstance(names, str) else names
        has_service = any(image.startswith(wanted) for image in images)
        assert has_service == (database == answers["database"]), (database, images)


def test_ci_workflow_serves_the_chosen_database(project: Path, answers: dict[str, Any]) -> None:
    workflow = yaml.safe_load((project / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    services = workflow["jobs"]["check"].get("services", {})
    images = [str(service.get("image", "")) for service in services.values()]
    for database, names in DATABASE_IMAGES.items():
        if names is None:
            continue
        wanted = (names,) if isinstance(names, str) else names
        has_service = any(image.startswith(wanted) for image in images)
        assert has_service == (database == answers["database"]), (database, images)


def test_env_example_points_at_chosen_database(project: Path, answers: dict[str, Any]) -> None:
    for root, _deployable in deployables(project, answers):
        text = (root / ".env.example").read_text(encoding="utf-8")
        urls = [line.partition("=")[2] for line in text.splitlines() if line.startswith("APP_")]
        for database, scheme in url_schemes(answers["orm"]).items():
            chosen = database == answers["database"]
            assert any(url.startswith(scheme) for url in urls) == chosen, scheme


def settings_fields(root: Path) -> set[str]:
    """The annotated field names of every class in the project's ``shared`` settings modules.

    A service of a workspace also has those its shared library holds (the broker's, the
    upstreams').
    """
    fields: set[str] = set()
    library = sorted(root.parent.parent.glob("libs/*/src/*/*settings.py"))
    for module in [*root.glob("src/*/shared/*settings.py"), *library]:
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                fields |= {
                    item.target.id
                    for item in node.body
                    if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
                }
    return fields


def test_env_example_names_only_settings_the_project_has(
    project: Path, answers: dict[str, Any]
) -> None:
    for root, _deployable in deployables(project, answers):
        text = (root / ".env.example").read_text(encoding="utf-8")
        names = [line.partition("=")[0] for line in text.splitlines() if line.startswith("APP_")]
        fields = settings_fields(root)
        assert fields, root
        unknown = [name for name in names if name.removeprefix("APP_").lower() not in fields]
        assert unknown == [], (root.name, answers["auth"])


def migration_header(path: Path) -> tuple[str, str | None]:
    values: dict[str, Any] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets = (
            [node.target]
            if isinstance(node, ast.AnnAssign)
            else node.targets
            if isinstance(node, ast.Assign)
            else []
        )
        for target in targets:
            if isinstance(target, ast.Name) and target.id in {"revision", "down_revision"}:
                assert node.value is not None
                values[target.id] = ast.literal_eval(node.value)
    return values["revision"], values["down_revision"]


def test_migrations_form_one_chain(project: Path, answers: dict[str, Any]) -> None:
    for root, deployable in deployables(project, answers):
        assert_one_chain(root, deployable)


def assert_one_chain(project: Path, deployable: Project) -> None:
    if deployable.orm not in ALEMBIC_ORMS:
        assert not (project / "migrations").exists()
        return
    headers = [migration_header(path) for path in (project / "migrations/versions").glob("*.py")]
    parents = {revision: down for revision, down in headers}
    assert len(parents) == len(headers), "duplicate revision ids"
    chain: list[str] = []
    current = [revision for revision, down in headers if down is None]
    while current:
        assert len(current) == 1, f"the history branches: {current}"
        chain.append(current[0])
        current = [revision for revision, down in headers if down == chain[-1]]
    owning_tables = [unit.revision for unit in build_units(deployable) if unit.revision is not None]
    assert chain == owning_tables


def test_answers_recorded(project: Path, answers: dict[str, Any]) -> None:
    recorded = json.loads((project / ".backend-template.json").read_text(encoding="utf-8"))
    assert not [key for key in recorded["answers"] if key.startswith("_")]
    assert recorded["answers"] == answers
    assert recorded["manifest"] == {
        path: digest
        for path, digest in tree_hashes(project).items()
        if path != ".backend-template.json"
    }
    assert recorded["units"] == [
        {"name": unit.name, **({"revision": unit.revision} if unit.revision else {})}
        for unit in build_units(Project.parse(answers))
    ]


def test_ruff_check_clean(project: Path) -> None:
    result = run([tool("ruff"), "check", "--no-cache", "."], cwd=project)
    assert result.returncode == 0, output_of(result)


def test_ruff_format_clean(project: Path) -> None:
    result = run([tool("ruff"), "format", "--check", "--no-cache", "."], cwd=project)
    assert result.returncode == 0, output_of(result)


def test_generation_is_deterministic(
    project: Path, row: Row, tmp_path_factory: pytest.TempPathFactory
) -> None:
    again = bake(row.answers, tmp_path_factory.mktemp(f"{row.id}-again"))
    assert tree_differences(project, again) == []
