"""Throughput and latency of a generated service against bare FastAPI, driven by wrk.

Generates the default project (or the --orm and --database asked), on a fresh database made
for the run and dropped afterwards (PostgreSQL on 127.0.0.1:5432, MySQL/MariaDB on
127.0.0.1:3306 as root, or a SQLite file), installs it with uv, migrates it, creates an
administrator, and through the API the rows of the first context: --rows for the lists and
for the updates two per connection, and as many again for their warm-up. The service and
the baseline, bench/bare_app.py answering the service's own bodies, are served side by side
with the same interpreter and the same uvicorn flags (those of the project's Dockerfile CMD,
one worker, on 127.0.0.1), and each endpoint is driven by wrk on one and then the other,
after an unmeasured warm-up: /health/live; one item, the list with limit=10 and limit=100
(with the administrator's bearer token); a create (POST, a name no other request uses) and
an update (PATCH of the description, each thread cycling through rows of its own, so no two
requests touch one row at once). bench/load.lua counts every answer outside 2xx as an error
and reports wrk's latency percentiles as JSON. Printed per endpoint: req/s, p50, p99 and
errors of each server, and the ratio generated / bare of req/s; a run with errors is
flagged, and the CPU time each server process spent per request during the measured run
(utime + stime from /proc/PID/stat; it depends far less on what else the machine runs than
req/s does). With --tracing, a second instance of the service exports its spans over OTLP/HTTP
to a sink in this process (every request sampled, the SDK's defaults), and the list with
limit=10 is driven on the service with tracing off and on in turn, --repeat times: req/s, p99,
CPU per request and the ratio on/off of each pair (metrics are on in both). On PostgreSQL, the
service is then started once more behind bench/roundtrips.py's wire tap to count the database
round trips and statements of one authenticated item read.

Needs wrk (Debian/Ubuntu: apt-get install -y wrk). Run from the repository root with the
checkout's venv and the bench extra installed:

    python bench/service.py
    python bench/service.py --orm tortoise --database mysql --duration 20
    python bench/service.py --matrix
    python bench/service.py --tracing --repeat 3
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
from cookiecutter.main import cookiecutter

from backend_template import options
from backend_template.names import parse_contexts

sys.path.insert(0, str(Path(__file__).resolve().parent))
from roundtrips import WireTap

BENCH = Path(__file__).resolve().parent
LOAD_SCRIPT = BENCH / "load.lua"
HOST = "127.0.0.1"
ADMIN_EMAIL = "bench-admin@example.com"
READY_TIMEOUT = 90.0
POSTGRES = ("127.0.0.1", 5432, "postgres")
MYSQL = ("127.0.0.1", 3306, "root")
INSTALL_WRK = "wrk is not installed: apt-get install -y wrk (Debian/Ubuntu; brew install wrk)"
# What comes before the server or the file in a database URL, as each ORM reads it.
URL_PREFIXES = {
    "tortoise": {"sqlite": "sqlite://", "postgresql": "asyncpg://", "mysql": "mysql://"},
    "sqlalchemy": {
        "sqlite": "sqlite+aiosqlite:///",
        "postgresql": "postgresql+asyncpg://",
        "mysql": "mysql+asyncmy://",
    },
}
# How each ORM brings a database to its latest migration, from the project's root.
MIGRATE = {"tortoise": ("tortoise", "migrate"), "sqlalchemy": ("alembic", "upgrade", "head")}
# --matrix: every ORM on PostgreSQL, then the default ORM on MariaDB and on SQLite.
MATRIX = (
    ("sqlalchemy", "postgresql"),
    ("sqlmodel", "postgresql"),
    ("tortoise", "postgresql"),
    ("sqlalchemy", "mysql"),
    ("sqlalchemy", "sqlite"),
)
# Sequential reads behind the wire tap, after as many unmeasured ones.
ROUND_TRIP_READS = 20
SETTLE_SECONDS = 1.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def orm_family(orm: str) -> str:
    """SQLModel runs on SQLAlchemy's engine, URLs and Alembic."""
    return "tortoise" if orm == "tortoise" else "sqlalchemy"


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


def find_wrk() -> str:
    found = shutil.which("wrk")
    if found is None:
        sys.exit(INSTALL_WRK)
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


def mysql(sql: str) -> None:
    host, port, user = MYSQL
    client = shutil.which("mariadb") or shutil.which("mysql") or "mysql"
    command = [client, "--protocol=TCP", "-h", host, "-P", str(port), "-u", user, "-e", sql]
    run(command, Path.cwd(), os.environ)


@contextmanager
def database(kind: str, orm: str, project: Path) -> Iterator[str]:
    """The URL of a database used by this run only, as the ORM reads it; dropped after."""
    prefix = URL_PREFIXES[orm_family(orm)][kind]
    if kind == "sqlite":
        path = project / "var" / "bench.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        yield f"{prefix}{path}"
        return
    name = f"bench_{orm}_{secrets.token_hex(6)}"
    if kind == "mysql":
        host, port, user = MYSQL
        mysql(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
        try:
            yield f"{prefix}{user}@{host}:{port}/{name}"
        finally:
            mysql(f"DROP DATABASE IF EXISTS `{name}`")
        return
    host, port, user = POSTGRES
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
        # One token serves the whole run, however long --matrix takes.
        APP_ACCESS_TOKEN_TTL_SECONDS=str(24 * 3600),
        UV_PYTHON=python,
        UV_PYTHON_DOWNLOADS="never",
        UV_NO_PROGRESS="1",
        UV_CACHE_DIR=os.environ.get("UV_CACHE_DIR", str(Path.home() / ".cache" / "uv")),
        # wrk is one client: its budgets are above what a run sends, so the rate limiter counts
        # every request (its cost is in the figures) and refuses none.
        APP_RATE_LIMIT_READS=str(10**9),
        APP_RATE_LIMIT_WRITES=str(10**9),
    )
    # Count in Redis, as replicas do: BENCH_RATE_LIMIT_STORAGE_URL=redis://127.0.0.1:6379/15
    if os.environ.get("BENCH_RATE_LIMIT_STORAGE_URL"):
        env["APP_RATE_LIMIT_STORAGE_URL"] = os.environ["BENCH_RATE_LIMIT_STORAGE_URL"]
    return env


def uvicorn_flags(project: Path) -> list[str]:
    """The uvicorn options of the Dockerfile's CMD, less where it listens."""
    flags = ["--factory"]
    dockerfile = project / "Dockerfile"
    commands = re.findall(r"^CMD\s+(\[.*\])\s*$", dockerfile.read_text(encoding="utf-8"), re.M)
    served = [json.loads(command) for command in commands]
    served = [command for command in served if command and command[0] == "uvicorn"]
    if not served:
        return flags
    arguments = iter(served[-1][2:])
    flags = []
    for argument in arguments:
        if argument in ("--host", "--port", "--workers"):
            next(arguments, None)
        elif not argument.startswith(("--host=", "--port=", "--workers=")):
            flags.append(argument)
    return flags


@dataclass(frozen=True)
class Served:
    """A server process and its base URL."""

    base: str
    pid: int

    def cpu_seconds(self) -> float:
        """User plus system CPU time the process has used so far."""
        fields = Path(f"/proc/{self.pid}/stat").read_text(encoding="utf-8").rpartition(")")[2]
        utime, stime = fields.split()[11:13]
        return (int(utime) + int(stime)) / CLOCK_TICKS


@contextmanager
def server(
    name: str,
    python: Path,
    target: str,
    flags: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    log: Path,
) -> Iterator[Served]:
    """Serve ``target`` with uvicorn, one worker, on a loopback port."""
    port = free_port()
    command = [str(python), "-m", "uvicorn", target, *flags]
    command += ["--host", HOST, "--port", str(port), "--workers", "1"]
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(command, cwd=cwd, env=dict(env), stdout=output, stderr=output)
        base = f"http://{HOST}:{port}"
        try:
            wait_until_live(name, base, process, log)
            yield Served(base, process.pid)
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


@dataclass(frozen=True)
class Load:
    """The same wrk load for every endpoint and server."""

    threads: int
    connections: int
    seconds: int
    warmup: int
    rows: int

    @property
    def update_rows(self) -> int:
        """Rows the updates cycle through: each thread's share outnumbers its connections.

        As many again for the warm-up: its last requests may still run when the measured run
        starts, and must not hold a row the measured run updates (that would be a conflict).
        """
        return 4 * max(self.connections, self.threads)


@dataclass(frozen=True)
class Endpoint:
    label: str
    short: str
    mode: str
    path: str
    token: str


@dataclass(frozen=True)
class Seeded:
    """What the seeding left: the token, the rows to read and update, the bodies seen."""

    token: str
    item: str
    update_ids: Path
    warmup_ids: Path
    payloads: Path


def seed(base: str, password: str, collection: str, load: Load, scratch: Path) -> Seeded:
    """Sign in as the administrator, create the rows, and record each endpoint's body."""
    with httpx.Client(base_url=base, timeout=60) as client:
        token = expect(
            client.post(
                "/api/v1/identity/token", data={"username": ADMIN_EMAIL, "password": password}
            ),
            200,
        )["access_token"]
        headers = {"Authorization": f"Bearer {token}"}

        def create(name: str, number: int) -> Any:
            body = {"name": name, "description": "Seeded by the bench.", "quantity": number}
            return expect(client.post(collection, json=body, headers=headers), 201)

        created = [create(f"Bench item {n:04d}", n) for n in range(1, load.rows + 1)]
        updatable = [create(f"Bench row {n:04d}", n) for n in range(1, load.update_rows + 1)]
        item = created[0]["id"]
        updated = expect(
            client.patch(
                f"{collection}/{updatable[0]['id']}",
                json={"description": "Updated by the bench."},
                headers=headers,
            ),
            200,
        )
        payloads = {
            "collection": collection,
            "health": expect(client.get("/health/live"), 200),
            "item": expect(client.get(f"{collection}/{item}", headers=headers), 200),
            "pages": {
                str(limit): expect(
                    client.get(collection, params={"limit": limit}, headers=headers), 200
                )
                for limit in (10, 100)
            },
            "created": created[-1],
            "updated": updated,
        }
    if len(payloads["pages"]["100"]["data"]) < 100:
        sys.exit("the list with limit=100 returned fewer than 100 rows: seed more (--rows)")
    half = len(updatable) // 2
    ids, warmup_ids = scratch / "update-ids.txt", scratch / "update-ids-warmup.txt"
    ids.write_text("".join(f"{row['id']}\n" for row in updatable[:half]), encoding="utf-8")
    warmup_ids.write_text("".join(f"{row['id']}\n" for row in updatable[half:]), encoding="utf-8")
    bodies = scratch / "bench-payloads.json"
    bodies.write_text(json.dumps(payloads), encoding="utf-8")
    return Seeded(token, item, ids, warmup_ids, bodies)


def endpoints(collection: str, seeded: Seeded) -> list[Endpoint]:
    token = seeded.token
    return [
        Endpoint("GET /health/live", "health", "get", "/health/live", "-"),
        Endpoint("GET one item (auth)", "item", "get", f"{collection}/{seeded.item}", token),
        Endpoint("GET list limit=10 (auth)", "list 10", "get", f"{collection}?limit=10", token),
        Endpoint("GET list limit=100 (auth)", "list 100", "get", f"{collection}?limit=100", token),
        Endpoint("POST create (auth)", "create", "create", collection, token),
        Endpoint("PATCH update (auth)", "update", "update", collection, token),
    ]


@dataclass(frozen=True)
class Measurement:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    statuses: Mapping[str, int]
    failure: str = ""
    cpu_seconds: float = math.nan

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_request(self) -> float:
        return 1000 * self.cpu_seconds / self.requests if self.requests else math.nan

    @property
    def flagged(self) -> bool:
        return bool(self.errors or self.failure or not self.requests)


def wrk(
    served: Served, endpoint: Endpoint, load: Load, seconds: int, update_ids: Path
) -> Measurement:
    """One wrk run; its figures from the JSON line load.lua's done() prints."""
    command = [
        find_wrk(),
        "-t",
        str(load.threads),
        "-c",
        str(load.connections),
        "-d",
        f"{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(LOAD_SCRIPT),
        f"{served.base}{endpoint.path}",
        "--",
        endpoint.mode,
        endpoint.path,
        endpoint.token,
        secrets.token_hex(4),
        str(update_ids),
        str(load.threads),
    ]
    cpu_before = served.cpu_seconds()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    cpu_used = served.cpu_seconds() - cpu_before
    # wrk leaves its last requests in flight: let the server finish them before the next run.
    time.sleep(SETTLE_SECONDS)
    lines = [line for line in result.stdout.splitlines() if line.startswith("BENCH-JSON ")]
    if result.returncode != 0 or not lines:
        failure = f"wrk exited {result.returncode}: {(result.stderr or result.stdout).strip()}"
        return Measurement(0, 0.0, math.nan, math.nan, 0, {}, failure[:300])
    figures = json.loads(lines[-1].removeprefix("BENCH-JSON "))
    socket_errors = sum(figures["socket_errors"].values())
    return Measurement(
        requests=figures["requests"],
        seconds=figures["duration_us"] / 1e6,
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        errors=figures["bad"] + socket_errors,
        statuses=figures["statuses"],
        cpu_seconds=cpu_used,
    )


def drive(served: Served, endpoint: Endpoint, load: Load, seeded: Seeded) -> Measurement:
    if load.warmup:
        wrk(served, endpoint, load, load.warmup, seeded.warmup_ids)
    return wrk(served, endpoint, load, load.seconds, seeded.update_ids)


@dataclass(frozen=True)
class Service:
    """The generated project, installed and migrated, and how to reach its first context."""

    project: Path
    python: Path
    package: str
    collection: str
    env: Mapping[str, str]
    flags: Sequence[str]


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
    flags = uvicorn_flags(project)
    service = Service(project, venv_python, package, f"/api/v1/{context}", env, flags)
    return service, password


Results = list[tuple[Endpoint, Measurement, Measurement]]
# (off, on) pairs of the list with limit=10, the service with tracing off and on.
TracingPairs = list[tuple[Measurement, Measurement]]


class _SpanSink(BaseHTTPRequestHandler):
    """Answers every OTLP/HTTP export as a collector would, and keeps nothing."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.exports += 1  # type: ignore[attr-defined]
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: one line per export would drown the bench's own output."""


@contextmanager
def span_sink() -> Iterator[tuple[str, ThreadingHTTPServer]]:
    """An OTLP/HTTP endpoint on loopback for the traced service; its URL and server."""
    sink = ThreadingHTTPServer((HOST, 0), _SpanSink)
    sink.exports = 0  # type: ignore[attr-defined]
    worker = threading.Thread(target=sink.serve_forever, daemon=True)
    worker.start()
    try:
        yield f"http://{HOST}:{sink.server_address[1]}", sink
    finally:
        sink.shutdown()
        sink.server_close()


@dataclass
class Measured:
    results: Results
    seeded: Seeded
    tracing: TracingPairs = field(default_factory=list)
    exports: int = 0


def measure(service: Service, password: str, load: Load, options_: argparse.Namespace) -> Measured:
    """Serve both apps, seed, then drive each endpoint on the service and on the bare app.

    Each endpoint is driven on one then the other, ``--repeat`` times. With ``--tracing``, the
    service is served a second time with spans exported to a sink, and the list with limit=10 is
    driven with tracing off then on, ``--repeat`` times.
    """
    logs = service.project / "var"
    logs.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        base = stack.enter_context(
            server(
                "service",
                service.python,
                f"{service.package}.main:create_app",
                service.flags,
                cwd=service.project,
                env=service.env,
                log=logs / "service.log",
            )
        )
        step(f"seeding {load.rows} + {load.update_rows} rows through {service.collection}")
        seeded = seed(base.base, password, service.collection, load, logs)
        bare_env = {**service.env, "BENCH_PAYLOADS": str(seeded.payloads), "PYTHONPATH": str(BENCH)}
        bare = stack.enter_context(
            server(
                "bare",
                service.python,
                "bare_app:create_app",
                service.flags,
                cwd=BENCH,
                env=bare_env,
                log=logs / "bare.log",
            )
        )
        results: Results = []
        for endpoint in endpoints(service.collection, seeded):
            for _ in range(options_.repeat):
                step(f"driving {endpoint.label}: generated, then bare")
                generated = drive(base, endpoint, load, seeded)
                baseline = drive(bare, endpoint, load, seeded)
                results.append((endpoint, generated, baseline))
        measured = Measured(results, seeded)
        if options_.tracing:
            sink_url, sink = stack.enter_context(span_sink())
            traced = stack.enter_context(
                server(
                    "service (traced)",
                    service.python,
                    f"{service.package}.main:create_app",
                    service.flags,
                    cwd=service.project,
                    env={**service.env, "OTEL_EXPORTER_OTLP_ENDPOINT": sink_url},
                    log=logs / "service-traced.log",
                )
            )
            listing = endpoints(service.collection, seeded)[2]
            for _ in range(options_.repeat):
                step(f"driving {listing.label}: tracing off, then on")
                measured.tracing.append(
                    (drive(base, listing, load, seeded), drive(traced, listing, load, seeded))
                )
            measured.exports = sink.exports  # type: ignore[attr-defined]
    return measured


@dataclass(frozen=True)
class RoundTrips:
    per_request: float
    statements_per_request: float
    one_request: Sequence[str]


def count_round_trips(service: Service, seeded: Seeded) -> RoundTrips:
    """Serve the project again through the wire tap and read one item, one at a time."""
    url = service.env["APP_DATABASE_URL"]
    host, port, _user = POSTGRES
    tap = WireTap((host, port))
    logs = service.project / "var"
    with tap.serving(HOST) as tap_port:
        env = {
            **service.env,
            "APP_DATABASE_URL": url.replace(f"@{host}:{port}/", f"@{HOST}:{tap_port}/"),
            # The outbox relay's polls would be counted with the reads.
            "APP_OUTBOX_POLL_INTERVAL_SECONDS": "3600",
        }
        target = f"{service.package}.main:create_app"
        with (
            server(
                "service (tapped)",
                service.python,
                target,
                service.flags,
                cwd=service.project,
                env=env,
                log=logs / "service-tapped.log",
            ) as served,
            httpx.Client(base_url=served.base, timeout=60) as client,
        ):
            headers = {"Authorization": f"Bearer {seeded.token}"}
            item = f"{service.collection}/{seeded.item}"
            for _ in range(ROUND_TRIP_READS):
                expect(client.get(item, headers=headers), 200)
            tap.reset()
            for _ in range(ROUND_TRIP_READS):
                expect(client.get(item, headers=headers), 200)
            counted = tap.reset()
            expect(client.get(item, headers=headers), 200)
            one = tap.reset()
    return RoundTrips(
        counted.round_trips / ROUND_TRIP_READS,
        len(counted.statements) / ROUND_TRIP_READS,
        one.statements,
    )


def figures(measurement: Measurement) -> str:
    if measurement.failure:
        return f"{'failed':>9} {'':>8} {'':>8} {'':>6}"
    return (
        f"{measurement.rate:9.0f} {measurement.p50_ms:8.1f} {measurement.p99_ms:8.1f} "
        f"{measurement.errors:6d}"
    )


def cpu(measurement: Measurement) -> str:
    return f"{measurement.cpu_ms_per_request:6.2f}"


def median_ratios(results: Results) -> dict[str, float]:
    """Per endpoint, the median of its runs' ratios generated / bare."""
    ratios: dict[str, list[float]] = {}
    for endpoint, generated, bare in results:
        if bare.rate:
            ratios.setdefault(endpoint.label, []).append(generated.rate / bare.rate)
    return {label: statistics.median(values) for label, values in ratios.items()}


def report(title: str, measured: Measured, load: Load, trips: RoundTrips | None) -> None:
    results = measured.results
    print()
    print(
        f"== {title}: wrk -t{load.threads} -c{load.connections} -d{load.seconds}s "
        f"(after {load.warmup}s warm-up), 1 uvicorn worker each, loopback"
    )
    head = f"{'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}"
    print(f"{'':<26}   {'generated':^34} | {'bare FastAPI':^34} |        | {'CPU ms/req':^13}")
    print(f"{'endpoint':<26} | {head} | {head} | {'ratio':>6} | {'gen':>6} {'bare':>6}")
    print("-" * 126)
    flagged: list[str] = []
    for endpoint, generated, bare in results:
        ratio = generated.rate / bare.rate if bare.rate else math.nan
        mark = " !" if generated.flagged or bare.flagged else ""
        print(
            f"{endpoint.label:<26} | {figures(generated)} | {figures(bare)} | {ratio:5.3f}x"
            f" | {cpu(generated)} {cpu(bare)}{mark}"
        )
        for name, measurement in (("generated", generated), ("bare", bare)):
            if measurement.flagged:
                detail = measurement.failure or (
                    f"statuses {dict(measurement.statuses)}"
                    if measurement.requests
                    else "no answer completed within the run"
                )
                flagged.append(f"{endpoint.label}, {name}: {detail}")
    print("ratio = generated req/s / bare req/s; CPU ms/req = the server process's CPU time")
    if len(results) > len(median_ratios(results)):
        for label, ratio in median_ratios(results).items():
            print(f"median ratio, {label}: {ratio:.3f}x")
    for line in flagged:
        print(f"! errors in {line}")
    if measured.tracing:
        print()
        print(
            "tracing off / on (spans exported over OTLP/HTTP to a local sink, every request "
            f"sampled; {measured.exports} exports received), GET list limit=10, metrics on in both:"
        )
        print(f"{'':<6} | {'off: ' + head} | {'on: ' + head} | {'on/off':>6} | CPU ms/req off on")
        ratios = []
        for number, (off, on) in enumerate(measured.tracing, start=1):
            ratio = on.rate / off.rate if off.rate else math.nan
            ratios.append(ratio)
            print(
                f"run {number:<2} | {figures(off):>39} | {figures(on):>38} | {ratio:5.3f}x"
                f" | {cpu(off)} {cpu(on)}"
            )
        print(f"median on/off: {statistics.median(ratios):.3f}x")
    if trips is not None:
        print(
            f"database round trips per authenticated item GET: {trips.per_request:.1f} "
            f"({trips.statements_per_request:.1f} statements executed); one such request:"
        )
        for statement in trips.one_request:
            print(f"    {' '.join(statement.split())[:100]}")


def bench_one(orm: str, kind: str, arguments: argparse.Namespace, load: Load) -> Results:
    python = find_python(arguments.python)
    scratch = Path(tempfile.mkdtemp(prefix="backend-template-bench-"))
    try:
        answers = {"python_version": arguments.python, "database": kind, "orm": orm}
        step(f"generating the project ({orm}, {kind}) in {scratch}")
        project = generate(scratch, answers)
        with database(kind, orm, project) as url:
            service, password = install(project, python, url)
            measured = measure(service, password, load, arguments)
            trips = None
            if kind == "postgresql" and arguments.round_trips:
                step("counting database round trips of one item read")
                trips = count_round_trips(service, measured.seeded)
        report(f"{orm}, {kind}", measured, load, trips)
        return measured.results
    finally:
        if arguments.keep:
            step(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


def summary(rows: Sequence[tuple[str, Results]]) -> None:
    print()
    print("== generated req/s, median of the runs (median ratio to bare in the same run)")
    shorts = {endpoint.label: endpoint.short for endpoint, _, _ in rows[0][1]}
    print(f"{'configuration':<24}" + "".join(f" | {short:>18}" for short in shorts.values()))
    for title, results in rows:
        ratios = median_ratios(results)
        cells = []
        for label in shorts:
            rates = [run.rate for endpoint, run, _ in results if endpoint.label == label]
            cells.append(f"{statistics.median(rates):7.0f} ({ratios.get(label, math.nan):5.3f}x)")
        print(f"{title:<24}" + "".join(f" | {cell:>18}" for cell in cells))


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2, help="wrk -t (default 2)")
    parser.add_argument("--connections", type=int, default=32, help="wrk -c (default 32)")
    parser.add_argument("--duration", type=int, default=10, help="wrk -d seconds (default 10)")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured seconds first")
    parser.add_argument("--rows", type=int, default=120, help="rows for the lists (>= 100)")
    parser.add_argument("--python", default="3.12", help="Python version of the service")
    parser.add_argument("--orm", choices=sorted(options.IMPLEMENTED["orm"]), default="sqlalchemy")
    parser.add_argument(
        "--database", choices=sorted(options.IMPLEMENTED["database"]), default="postgresql"
    )
    parser.add_argument(
        "--matrix",
        action="store_true",
        help="each ORM on PostgreSQL, then the default on MariaDB and SQLite",
    )
    parser.add_argument(
        "--no-round-trips",
        dest="round_trips",
        action="store_false",
        help="skip counting the database round trips of an item read (PostgreSQL)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each endpoint on each server (default 1)"
    )
    parser.add_argument(
        "--tracing",
        action="store_true",
        help="also drive the list with limit=10 with tracing off and on (spans exported)",
    )
    arguments = parser.parse_args()
    if arguments.rows < 100:
        parser.error("--rows must be at least 100, the longest page")
    return arguments


def main() -> None:
    arguments = parse_arguments()
    find_wrk()
    load = Load(
        arguments.threads,
        arguments.connections,
        arguments.duration,
        arguments.warmup,
        arguments.rows,
    )
    configurations = MATRIX if arguments.matrix else ((arguments.orm, arguments.database),)
    rows = [
        (f"{orm}, {kind}", bench_one(orm, kind, arguments, load)) for orm, kind in configurations
    ]
    if len(rows) > 1:
        summary(rows)


if __name__ == "__main__":
    main()
