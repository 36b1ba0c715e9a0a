"""Tier 2: every row, installed with uv, passes its own ``make check`` on a fresh real database.

Each row gets its own database (PostgreSQL on 127.0.0.1:5432 or MySQL/MariaDB on 127.0.0.1:3306:
a database created for the test and dropped afterwards; SQLite: a file inside the project), the
Python interpreter of its
``python_version``, and the shared uv cache. Under CI=true a missing service or interpreter
fails the test; elsewhere it skips.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from backend_template import options
from backend_template.services import build_services
from tests.matrix import FRESH_ROWS, ROWS, Row
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
LEAKING_PREFIXES = ("APP_", "PYTEST_", "VIRTUAL_ENV", "CONDA_", "COOKIECUTTER_", "UV_PROJECT")
LEAKING_NAMES = {"PYTHONPATH", "PYTHONHOME", "COV_CORE_SOURCE", "COV_CORE_CONFIG"}


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
    return [f"{name}_{service.name}" for service in build_services(answers)]


@contextmanager
def fresh_mysql_database(row: Row) -> Iterator[str]:
    if not reachable(MYSQL_HOST, MYSQL_PORT):
        unavailable(f"MySQL/MariaDB is not reachable on {MYSQL_HOST}:{MYSQL_PORT}")
    if shutil.which("mysql") is None:
        unavailable("mysql (MySQL/MariaDB client) is not installed")
    name = database_name(row)
    mysql(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    try:
        yield f"{url_prefix(row)}{MYSQL_USER}@{MYSQL_HOST}:{MYSQL_PORT}/{name}"
    finally:
        for database in (name, *service_databases(row, name)):
            mysql(f"DROP DATABASE IF EXISTS `{database}`")


@contextmanager
def fresh_postgresql_database(row: Row) -> Iterator[str]:
    """A new PostgreSQL database, as the URL after the scheme (``user@host:port/name``)."""
    if not reachable(POSTGRES_HOST, POSTGRES_PORT):
        unavailable(f"PostgreSQL is not reachable on {POSTGRES_HOST}:{POSTGRES_PORT}")
    if shutil.which("psql") is None:
        unavailable("psql (PostgreSQL client) is not installed")
    name = database_name(row)
    psql(f'CREATE DATABASE "{name}"')
    try:
        yield f"{POSTGRES_USER}@{POSTGRES_HOST}:{POSTGRES_PORT}/{name}"
    finally:
        for database in (name, *service_databases(row, name)):
            psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@contextmanager
def fresh_database(row: Row, project: Path) -> Iterator[str]:
    """A database used by this row only, as the URL the generated project's tests read."""
    if row.database == "sqlite":
        path = project / "var" / "tier2-test.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        yield f"{url_prefix(row)}{path}"
        return
    if row.database == "mysql":
        with fresh_mysql_database(row) as url:
            yield url
        return
    if row.database != "postgresql":
        pytest.fail(f"tier 2 has no fresh-database recipe for database={row.database}")
    with fresh_postgresql_database(row) as address:
        yield f"{url_prefix(row)}{address}"


def project_environment(python: Path, tools: Path) -> dict[str, str]:
    """The environment a developer of the generated project would have: uv on PATH, nothing else."""
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
    return env


# Trying the template twice with other answers is what everyone does first: a project's tests
# must not depend on what an earlier project of the same name left in the test database. These
# changes of the default project run one after the other, on one PostgreSQL test database
# (the default monolith, then the modular monolith, then the Tortoise project); each still
# passes its whole check, so the matrix keeps its cost.
SHARED_DATABASE_CHANGES: tuple[dict[str, str], ...] = (
    {},
    {"architecture": "modular-monolith"},
    {"orm": "tortoise"},
)


def choices(row: Row) -> dict[str, str]:
    return {option: row.answers[option] for option in options.CHOICE_OPTIONS}


def shared_database_rows(rows: list[Row]) -> list[Row]:
    """The rows of ``SHARED_DATABASE_CHANGES``, in order: the default project's name, PostgreSQL."""
    base = choices(rows[0])
    sequence: list[Row] = []
    for change in SHARED_DATABASE_CHANGES:
        wanted = {**base, **change}
        match = next(
            (row for row in rows if choices(row) == wanted and "project_name" not in row.answers),
            None,
        )
        assert match is not None, f"no matrix row has the choices {wanted}"
        assert match.database == "postgresql", match.id
        sequence.append(match)
    return sequence


SHARED_DATABASE_ROWS = shared_database_rows(ROWS)
# The rows checked after an update (tests/test_update.py) are not checked again here.
ALONE_ROWS = [row for row in FRESH_ROWS if row not in SHARED_DATABASE_ROWS]
assert all(row in FRESH_ROWS for row in SHARED_DATABASE_ROWS), "a row would be checked twice"


@pytest.fixture(params=[pytest.param(row, id=row.id) for row in ALONE_ROWS])
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
    row: Row, tools: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, str]]:
    """The row's project, generated and installed with uv, and the environment to run it in."""
    python = interpreter(row.python_version)
    if python is None:
        unavailable(f"no Python {row.python_version} interpreter (pyenv or PATH)")
    assert python is not None
    if shutil.which("make") is None:
        unavailable("make is not installed")
    project = bake(row.answers, tmp_path_factory.mktemp(f"tier2-{row.id}"))
    env = project_environment(python, tools)
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


# First in the file: the longest test starts first, while the rows fill the other worker.
def test_projects_of_one_name_pass_one_after_another_on_one_test_database(
    tools: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    first = SHARED_DATABASE_ROWS[0]
    with fresh_postgresql_database(first) as address:
        for row in SHARED_DATABASE_ROWS:
            project, env = installed_project(row, tools, tmp_path_factory)
            check_passes(row, project, env, f"{url_prefix(row)}{address}")


def test_generated_project_passes_its_own_check(
    row: Row, tools: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    project, env = installed_project(row, tools, tmp_path_factory)
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
