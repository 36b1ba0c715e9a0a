"""Throughput and latency of a generated service against bare FastAPI returning the same JSON.

Generates the default project (SQLite file, or a fresh PostgreSQL database that is dropped
afterwards), installs it with uv, migrates it, creates an administrator and some rows in the
first context, and serves it with uvicorn (1 worker, a loopback port). The baseline,
bench/bare_app.py, runs with the same interpreter and uvicorn settings and returns the bodies
the service returned. Each endpoint (the authenticated list of the first context, and
/health/live) is driven with the same fixed number of requests at a fixed concurrency by one
httpx client; req/s, p50 and p99 are printed with the ratios against the bare app. Everything
listens on 127.0.0.1 only. Run from the repository root, with the bench extra installed:

    python bench/service.py --requests 3000 --concurrency 32
    python bench/service.py --orm tortoise --database postgresql
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from cookiecutter.main import cookiecutter

from backend_template import options
from backend_template.names import parse_contexts

BENCH = Path(__file__).resolve().parent
HOST = "127.0.0.1"
ADMIN_EMAIL = "bench-admin@example.com"
ROWS = 20
READY_TIMEOUT = 60.0
POSTGRES = ("127.0.0.1", 5432, "postgres")
# What comes before the server or the file in a database URL, as each ORM reads it.
URL_PREFIXES = {
    "tortoise": {"sqlite": "sqlite://", "postgresql": "asyncpg://"},
    "sqlalchemy": {"sqlite": "sqlite+aiosqlite:///", "postgresql": "postgresql+asyncpg://"},
}
# How each ORM brings a database to its latest migration, from the project's root.
MIGRATE = {"tortoise": ("tortoise", "migrate"), "sqlalchemy": ("alembic", "upgrade", "head")}


def orm_family(orm: str) -> str:
    """SQLModel runs on SQLAlchemy's engine, URLs and Alembic."""
    return "tortoise" if orm == "tortoise" else "sqlalchemy"


@dataclass(frozen=True)
class Measurement:
    target: str
    endpoint: str
    seconds: float
    latencies: Sequence[float]

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, percent: int) -> float:
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[percent - 1]


def step(message: str) -> None:
    print(f"-- {message}", file=sys.stderr, flush=True)


def run(command: Sequence[str], cwd: Path, env: Mapping[str, str]) -> str:
    """Run a setup command; stop the bench with its output when it fails."""
    result = subprocess.run(
        list(command), cwd=cwd, env=dict(env), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.exit(
            f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}{result.stderr}"
        )
    return result.stdout


def find_python(version: str) -> str:
    versions = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    found = sorted(
        versions.glob(f"{version}*/bin/python{version}"),
        key=lambda path: [int(part) for part in re.findall(r"\d+", path.parent.parent.name)],
    )
    on_path = shutil.which(f"python{version}")
    if found:
        return str(found[-1])
    if on_path:
        return on_path
    sys.exit(f"no Python {version} interpreter found (pyenv or python{version} on PATH)")


def find_uv() -> str:
    beside = Path(sys.executable).parent / "uv"
    found = str(beside) if beside.is_file() else shutil.which("uv")
    if found is None:
        sys.exit("uv is not installed: pip install uv")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def psql(sql: str) -> None:
    host, port, user = POSTGRES
    command = ["psql", "-h", host, "-p", str(port), "-U", user, "-d", "postgres", "-c", sql]
    run([*command, "-v", "ON_ERROR_STOP=1"], Path.cwd(), os.environ)


@contextmanager
def database(kind: str, orm: str, project: Path) -> Iterator[str]:
    """The URL of a database used by this bench only, as the ORM reads it."""
    prefix = URL_PREFIXES[orm_family(orm)][kind]
    if kind == "sqlite":
        path = project / "var" / "bench.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        yield f"{prefix}{path}"
        return
    host, port, user = POSTGRES
    name = f"bench_{secrets.token_hex(6)}"
    psql(f'CREATE DATABASE "{name}"')
    try:
        yield f"{prefix}{user}@{host}:{port}/{name}"
    finally:
        psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def generate(scratch: Path, answers: Mapping[str, str]) -> Path:
    config = scratch / "cookiecutter.yaml"
    config.write_text(f"replay_dir: {scratch / 'replay'}\n", encoding="utf-8")
    location = cookiecutter(
        str(options.template_dir()),
        no_input=True,
        extra_context=dict(answers),
        output_dir=str(scratch),
        config_file=str(config),
    )
    return Path(location)


def service_environment(python: str, database_url: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("APP_", "VIRTUAL_ENV", "PYTHONPATH"))
    }
    env.update(
        APP_ENVIRONMENT="production",
        APP_JWT_SECRET=secrets.token_urlsafe(48),
        APP_DATABASE_URL=database_url,
        APP_LOG_JSON="true",
        UV_PYTHON=python,
        UV_PYTHON_DOWNLOADS="never",
        UV_NO_PROGRESS="1",
        UV_CACHE_DIR=os.environ.get("UV_CACHE_DIR", str(Path.home() / ".cache" / "uv")),
    )
    return env


@contextmanager
def server(
    name: str, python: Path, target: str, *, cwd: Path, env: Mapping[str, str], log: Path
) -> Iterator[str]:
    """Serve ``target`` with uvicorn on a loopback port; its base URL while it runs."""
    port = free_port()
    command = [
        str(python),
        "-m",
        "uvicorn",
        target,
        "--factory",
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        "1",
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(command, cwd=cwd, env=dict(env), stdout=output, stderr=output)
        base = f"http://{HOST}:{port}"
        try:
            wait_until_live(name, base, process, log)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_live(name: str, base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{name} exited ({process.returncode}):\n{log.read_text(encoding='utf-8')}")
        try:
            if httpx.get(f"{base}/health/live", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    sys.exit(f"{name} did not answer /health/live within {READY_TIMEOUT:.0f}s")


def expect(response: httpx.Response, status: int) -> Any:
    if response.status_code != status:
        sys.exit(
            f"{response.request.method} {response.request.url} -> {response.status_code}: "
            f"{response.text}"
        )
    return response.json() if response.content else None


def seed(base: str, password: str, collection: str) -> dict[str, str]:
    """Sign in as the administrator and create ROWS rows; the authorization header."""
    with httpx.Client(base_url=base, timeout=30) as client:
        token = expect(
            client.post(
                "/api/v1/identity/token", data={"username": ADMIN_EMAIL, "password": password}
            ),
            200,
        )
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        for number in range(1, ROWS + 1):
            body = {
                "name": f"Bench item {number:03d}",
                "description": "Created by bench/service.py.",
                "quantity": number,
            }
            expect(client.post(collection, json=body, headers=headers), 201)
    return headers


@dataclass(frozen=True)
class Load:
    """The same load for every endpoint and server: a fixed count at a fixed concurrency."""

    requests: int
    concurrency: int
    warmup: int


async def drive(
    target: str, base: str, endpoint: str, headers: Mapping[str, str], load: Load
) -> Measurement:
    """Send ``load.requests`` GETs, ``load.concurrency`` in flight; every answer must be 200."""
    limits = httpx.Limits(
        max_connections=load.concurrency, max_keepalive_connections=load.concurrency
    )
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def send(count: int, latencies: list[float]) -> None:
            for _ in range(count):
                started = time.perf_counter()
                response = await client.get(endpoint, headers=dict(headers))
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200:
                    sys.exit(f"{target} {endpoint} answered {response.status_code}")

        async def round_of(total: int) -> tuple[float, list[float]]:
            latencies: list[float] = []
            width = load.concurrency
            shares = [total // width + (index < total % width) for index in range(width)]
            started = time.perf_counter()
            await asyncio.gather(*(send(share, latencies) for share in shares))
            return time.perf_counter() - started, latencies

        await round_of(load.warmup)
        seconds, latencies = await round_of(load.requests)
    return Measurement(target, endpoint, seconds, latencies)


def report(results: Sequence[tuple[Measurement, Measurement]], load: Load) -> None:
    print(
        f"{load.requests} requests per endpoint, {load.concurrency} in flight, "
        "1 uvicorn worker, loopback, one httpx client for both servers"
    )
    header = f"{'endpoint':<22} {'server':<10} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}"
    print(header)
    print("-" * len(header))
    for service, bare in results:
        for measurement in (service, bare):
            print(
                f"{measurement.endpoint:<22} {measurement.target:<10} {measurement.rate:9.0f} "
                f"{measurement.percentile(50) * 1000:8.2f} {measurement.percentile(99) * 1000:8.2f}"
            )
        print(
            f"{'':<22} {'ratio':<10} {service.rate / bare.rate:8.2f}x "
            f"{service.percentile(50) / bare.percentile(50):7.2f}x "
            f"{service.percentile(99) / bare.percentile(99):7.2f}x"
        )
    print(
        "ratio = generated / bare: req/s below 1x, or latency above 1x, is the cost of the layers"
    )


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000, help="per endpoint (default 3000)")
    parser.add_argument("--concurrency", type=int, default=32, help="in flight (default 32)")
    parser.add_argument("--warmup", type=int, default=300, help="unmeasured requests first")
    parser.add_argument("--python", default="3.12", help="Python version of the service")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--orm", choices=sorted(options.IMPLEMENTED["orm"]), default="sqlalchemy")
    parser.add_argument("--keep", action="store_true", help="keep the generated project")
    return parser.parse_args()


@dataclass(frozen=True)
class Service:
    """The generated project, installed and migrated, and how to reach its first context."""

    project: Path
    python: Path
    package: str
    collection: str
    env: Mapping[str, str]


def install(project: Path, python: str, url: str) -> tuple[Service, str]:
    """Install, migrate and create the administrator; the service and the admin's password."""
    recorded = json.loads((project / ".backend-template.json").read_text(encoding="utf-8"))[
        "answers"
    ]
    context = parse_contexts(recorded["contexts"])[0][0].name
    package = recorded["package_name"]
    env = service_environment(python, url)
    step("installing with uv sync")
    run([find_uv(), "sync", "--python", python], project, env)
    venv_python = project / ".venv" / "bin" / "python"
    step("migrating")
    tool, *arguments = MIGRATE[orm_family(recorded["orm"])]
    run([str(project / ".venv" / "bin" / tool), *arguments], project, env)
    password = secrets.token_urlsafe(18)
    step(f"creating the administrator {ADMIN_EMAIL}")
    admin = [str(venv_python), "-m", f"{package}.composition.identity", "create-admin"]
    run([*admin, "--email", ADMIN_EMAIL], project, {**env, "APP_ADMIN_PASSWORD": password})
    service = Service(project, venv_python, package, f"/api/v1/{context}", env)
    return service, password


def measure(service: Service, password: str, load: Load) -> list[tuple[Measurement, Measurement]]:
    """Drive every endpoint on the generated service, then on the bare app serving its bodies."""
    endpoints = [service.collection, "/health/live"]
    logs = service.project / "var"
    logs.mkdir(parents=True, exist_ok=True)
    target = f"{service.package}.main:create_app"
    with server(
        "service",
        service.python,
        target,
        cwd=service.project,
        env=service.env,
        log=logs / "service.log",
    ) as base:
        step(f"seeding {ROWS} rows through {service.collection}")
        headers = seed(base, password, service.collection)
        routes = {
            endpoint: httpx.get(f"{base}{endpoint}", headers=headers, timeout=30).json()
            for endpoint in endpoints
        }
        step("driving the generated service")
        generated = [
            asyncio.run(drive("generated", base, endpoint, headers, load)) for endpoint in endpoints
        ]
    bodies = logs / "bench-payloads.json"
    bodies.write_text(json.dumps({"routes": routes}), encoding="utf-8")
    bare_env = {**service.env, "BENCH_PAYLOADS": str(bodies), "PYTHONPATH": str(BENCH)}
    with server(
        "bare",
        service.python,
        "bare_app:create_app",
        cwd=BENCH,
        env=bare_env,
        log=logs / "bare.log",
    ) as base:
        step("driving the bare app")
        bare = [asyncio.run(drive("bare", base, endpoint, headers, load)) for endpoint in endpoints]
    return list(zip(generated, bare, strict=True))


def main() -> None:
    arguments = parse_arguments()
    load = Load(arguments.requests, arguments.concurrency, arguments.warmup)
    python = find_python(arguments.python)
    scratch = Path(tempfile.mkdtemp(prefix="backend-template-bench-"))
    try:
        answers = {
            "python_version": arguments.python,
            "database": arguments.database,
            "orm": arguments.orm,
        }
        step(f"generating the default project ({arguments.orm}, {arguments.database}) in {scratch}")
        project = generate(scratch, answers)
        with database(arguments.database, arguments.orm, project) as url:
            service, password = install(project, python, url)
            results = measure(service, password, load)
        report(results, load)
    finally:
        if arguments.keep:
            step(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
