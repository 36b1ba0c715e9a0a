"""Tier 2: every row, installed with uv, passes its own ``make check`` on a fresh real database.

Each row gets its own database (PostgreSQL on 127.0.0.1:5432 or MySQL/MariaDB on 127.0.0.1:3306:
a database created for the test and dropped afterwards; SQLite: a file inside the project), the
Python interpreter of its ``python_version``, the shared uv cache and the worker's mypy cache of
that version. The three shared-database rows are checked in one test, one after another on one
database; the rows ``tests/test_update.py`` checks after an update are not checked here. Under
CI=true a missing service or interpreter fails the test; elsewhere it skips.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from backend_template.project import Project
from backend_template.services import build_services
from tests.matrix import ALONE_ROWS, ROWS, SHARED_DATABASE_ROWS, Row, check_cost, choices
from tests.support import bake, cookiecutter_answers, output_of, run, tool, unavailable

pytestmark = pytest.mark.tier2

POSTGRES_HOST = "127.0.0.1"
POSTGRES_PORT = 5432
POSTGRES_USER = "postgres"
MYSQL_HOST = "127.0.0.1"
MYSQL_PORT = 3306
MYSQL_USER = "root"
SYNC_TIMEOUT = 900
CHECK_TIMEOUT = 1200
# Variables of the outer test run that must not leak into the generated project's own run.
LEAKING_PREFIXES = (
    "APP_",
    "PYTEST_",
    "VIRTUAL_ENV",
    "CONDA_",
    "COOKIECUTTER_",
    "UV_PROJECT",
    "MYPY_",
    # The project's pyproject.toml chooses its coverage core; COVERAGE_CORE would override it.
    "COVERAGE_",
)
# PYTHONDONTWRITEBYTECODE too: without the bytecode cache every process of a check (pytest, the
# uvicorn replicas and workers its system tests start, import-linter) compiles every module it
# imports again, about two CPU-seconds each; a developer's run writes the cache once.
LEAKING_NAMES = {
    "PYTHONPATH",
    "PYTHONHOME",
    "PYTHONDONTWRITEBYTECODE",
    "COV_CORE_SOURCE",
    "COV_CORE_CONFIG",
}


def version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", path.parent.parent.name))


def interpreter(version: str) -> Path | None:
    """The newest Python ``version`` of pyenv, else ``python<version>`` on PATH."""
    versions = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates = [
        path
        for pattern in (version, f"{version}.*")
        for path in versions.glob(f"{pattern}/bin/python{version}")
        if re.fullmatch(rf"{re.escape(version)}(\.\d+)?", path.parent.parent.name)
    ]
    if candidates:
        return max(candidates, key=version_key)
    found = shutil.which(f"python{version}")
    return Path(found) if found else None


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=3):
            return True
    except OSError:
        return False


def psql(sql: str) -> None:
    command = [
        shutil.which("psql") or "psql",
        "-h",
        POSTGRES_HOST,
        "-p",
        str(POSTGRES_PORT),
        "-U",
        POSTGRES_USER,
        "-d",
        "postgres",
        "-v",
        "ON_ERROR_STOP=1",
        "-c",
        sql,
    ]
    result = run(command, cwd=Path.cwd(), timeout=60)
    assert result.returncode == 0, output_of(result)


def mysql(sql: str) -> None:
    command = [
        shutil.which("mysql") or "mysql",
        "--protocol=TCP",
        "-h",
        MYSQL_HOST,
        "-P",
        str(MYSQL_PORT),
        "-u",
        MYSQL_USER,
        "-e",
        sql,
    ]
    result = run(command, cwd=Path.cwd(), timeout=60)
    assert result.returncode == 0, output_of(result)


# What comes before the server (or the file's path) in a database URL, as each ORM reads it.
URL_PREFIXES = {
    "tortoise": {"postgresql": "asyncpg://", "mysql": "mysql://", "sqlite": "sqlite://"},
    "sqlalchemy": {
        "postgresql": "postgresql+asyncpg://",
        "mysql": "mysql+asyncmy://",
        "sqlite": "sqlite+aiosqlite:///",
    },
}


def url_prefix(row: Row) -> str:
    return URL_PREFIXES["tortoise" if row.orm == "tortoise" else "sqlalchemy"][row.database]


def database_name(row: Row) -> str:
    """A name no other row or run uses, within every server's identifier limit."""
    slug = re.sub(r"[^a-z0-9]+", "_", row.id.lower())
    # Room for a service's suffix (``_<context>``, at most 19 characters): MySQL allows 64.
    return f"bt_{slug}"[:34] + f"_{secrets.token_hex(4)}"


def service_databases(row: Row, name: str) -> list[str]:
    """The databases a microservices project's services make of the URL's: one per service."""
    if row.answers["architecture"] != "microservices":
        return []
    answers = cookiecutter_answers(row.answers)
    return [f"{name}_{service.name}" for service in build_services(Project.parse(answers))]


@dataclass(frozen=True)
class Server:
    """A database server on loopback, and the statements its client makes and drops one with."""

    title: str
    host: str
    port: int
    user: str
    client: str
    execute: Callable[[str], None]
    create: str
    drop: str


SERVERS = {
    "postgresql": Server(
        "PostgreSQL",
        POSTGRES_HOST,
        POSTGRES_PORT,
        POSTGRES_USER,
        "psql",
        psql,
        create='CREATE DATABASE "{name}"',
        drop='DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
    ),
    "mysql": Server(
        "MySQL/MariaDB",
        MYSQL_HOST,
        MYSQL_PORT,
        MYSQL_USER,
        "mysql",
        mysql,
        create="CREATE DATABASE `{name}` CHARACTER SET utf8mb4",
        drop="DROP DATABASE IF EXISTS `{name}`",
    ),
}


@contextmanager
def fresh_server_database(row: Row) -> Iterator[str]:
    """A new database on the row's server, as the URL after the scheme (``user@host:port/name``).

    Dropped afterwards, with the databases a microservices project's services made of it.
    """
    server = SERVERS[row.database]
    if not reachable(server.host, server.port):
        unavailable(f"{server.title} is not reachable on {server.host}:{server.port}")
    if shutil.which(server.client) is None:
        unavailable(f"{server.client} ({server.title} client) is not installed")
    name = database_name(row)
    server.execute(server.create.format(name=name))
    try:
        yield f"{server.user}@{server.host}:{server.port}/{name}"
    finally:
        for database in (name, *service_databases(row, name)):
            server.execute(server.drop.format(name=database))


@contextmanager
def fresh_database(row: Row, project: Path) -> Iterator[str]:
    """A database used by this row only, as the URL the generated project's tests read."""
    if row.database == "sqlite":
        path = project / "var" / "tier2-test.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        yield f"{url_prefix(row)}{path}"
        return
    if row.database not in SERVERS:
        pytest.fail(f"tier 2 has no fresh-database recipe for database={row.database}")
    with fresh_server_database(row) as address:
        yield f"{url_prefix(row)}{address}"


def project_environment(
    python: Path, tools: Path, mypy_caches: Path | None = None
) -> dict[str, str]:
    """The environment a developer of the generated project would have: uv on PATH, nothing else.

    With ``mypy_caches`` (the ``mypy_caches`` fixture), mypy keeps its cache there, one per
    Python version, shared by the checks one worker runs one after another: the installed
    libraries are analysed once, not in every check. mypy still checks every module of the
    project whose source differs from the cached one's (another project's path makes it compare
    the sources), and it never caches a module with errors, as on a developer's second run.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(LEAKING_PREFIXES) and key not in LEAKING_NAMES
    }
    env.update(
        PATH=f"{tools}{os.pathsep}{env.get('PATH', '')}",
        UV_CACHE_DIR=os.environ.get("UV_CACHE_DIR", str(Path.home() / ".cache" / "uv")),
        UV_PYTHON=str(python),
        UV_PYTHON_DOWNLOADS="never",
        UV_NO_PROGRESS="1",
    )
    if mypy_caches is not None:
        env["MYPY_CACHE_DIR"] = str(mypy_caches / python.name)
    return env


@pytest.fixture(
    params=[
        pytest.param(row, id=row.id, marks=pytest.mark.cost(check_cost(row))) for row in ALONE_ROWS
    ]
)
def row(request: pytest.FixtureRequest) -> Row:
    selected: Row = request.param
    return selected


@pytest.fixture
def tools(tmp_path: Path) -> Path:
    """A PATH directory holding only uv, so the project cannot borrow the test run's tools."""
    directory = tmp_path / "tools"
    directory.mkdir()
    (directory / "uv").symlink_to(tool("uv"))
    return directory


def installed_project(
    row: Row, tools: Path, mypy_caches: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, str]]:
    """The row's project, generated and installed with uv, and the environment to run it in."""
    python = interpreter(row.python_version)
    if python is None:
        unavailable(f"no Python {row.python_version} interpreter (pyenv or PATH)")
    assert python is not None
    if shutil.which("make") is None:
        unavailable("make is not installed")
    project = bake(row.answers, tmp_path_factory.mktemp(f"tier2-{row.id}"))
    env = project_environment(python, tools, mypy_caches)
    sync = run(["uv", "sync", "--python", str(python)], cwd=project, env=env, timeout=SYNC_TIMEOUT)
    assert sync.returncode == 0, f"uv sync failed for {row.id}\n{output_of(sync)}"
    return project, env


def check_passes(row: Row, project: Path, env: dict[str, str], url: str) -> None:
    check = run(
        ["make", "check"],
        cwd=project,
        env={**env, "APP_TEST_DATABASE_URL": url},
        timeout=CHECK_TIMEOUT,
    )
    assert check.returncode == 0, f"make check failed for {row.id}\n{output_of(check, 120)}"


# The longest test: it starts first (tests/conftest.py), while rows fill the other worker.
@pytest.mark.cost(sum(check_cost(row) for row in SHARED_DATABASE_ROWS))
def test_projects_of_one_name_pass_one_after_another_on_one_test_database(
    tools: Path, mypy_caches: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    first = SHARED_DATABASE_ROWS[0]
    with fresh_server_database(first) as address:
        for row in SHARED_DATABASE_ROWS:
            project, env = installed_project(row, tools, mypy_caches, tmp_path_factory)
            check_passes(row, project, env, f"{url_prefix(row)}{address}")


def test_generated_project_passes_its_own_check(
    row: Row, tools: Path, mypy_caches: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    project, env = installed_project(row, tools, mypy_caches, tmp_path_factory)
    with fresh_database(row, project) as url:
        check_passes(row, project, env, url)


def test_the_shared_database_rows_are_the_default_project_and_two_changes() -> None:
    first, modular, tortoise = SHARED_DATABASE_ROWS
    assert first == ROWS[0]
    assert choices(modular) == {**choices(first), "architecture": "modular-monolith"}
    assert choices(tortoise) == {**choices(first), "orm": "tortoise"}
    assert {row.answers.get("project_name") for row in SHARED_DATABASE_ROWS} == {None}


def test_interpreters_are_found_for_every_row() -> None:
    missing: list[Any] = [
        row.python_version for row in ROWS if interpreter(row.python_version) is None
    ]
    if missing:
        unavailable(f"no interpreter for Python {sorted(set(missing))}")
    for row in ROWS:
        found = interpreter(row.python_version)
        assert found is not None
        version = run([str(found), "--version"], cwd=Path.cwd())
        assert version.stdout.split()[1].startswith(f"{row.python_version}."), version.stdout


# The catalog's item response: a field its clients read.
RESPONSE_FIELD = re.compile(r"(class CatalogOut\(BaseModel\):.*?\n    quantity: )int\n", re.S)


def openapi_document_test(project: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A project's own test of its committed OpenAPI document, alone."""
    test = "tests/api/test_openapi_document.py"
    command = ["uv", "run", "pytest", "-p", "no:cacheprovider", "--no-cov", "-q", test]
    return run(command, cwd=project, env=env)


# One installed project and three commands of it: a fraction of a full check.
@pytest.mark.cost(0.2)
def test_a_changed_response_field_fails_the_projects_openapi_test_as_breaking(
    tools: Path, mypy_caches: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    project, env = installed_project(ROWS[0], tools, mypy_caches, tmp_path_factory)
    written = run(["make", "openapi"], cwd=project, env=env)
    assert written.returncode == 0, output_of(written)
    schemas = project / "src" / "inventory_service" / "api" / "catalog" / "schemas.py"
    source = schemas.read_text(encoding="utf-8")
    assert RESPONSE_FIELD.search(source), "the catalog's response schema changed shape"

    unchanged = openapi_document_test(project, env)
    schemas.write_text(RESPONSE_FIELD.sub(r"\g<1>str\n", source), encoding="utf-8")
    changed = openapi_document_test(project, env)

    assert unchanged.returncode == 0, output_of(unchanged)
    assert changed.returncode != 0
    output = changed.stdout + changed.stderr
    breaking = output[output.index("BREAKING") :].split("Additive")[0]
    field = "GET /api/v1/catalog/{entity_id} response 200.quantity"
    assert f"{field}: type changed from integer to string" in breaking, output_of(changed)
    assert "make openapi" in output
