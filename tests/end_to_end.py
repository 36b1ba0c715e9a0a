"""What the end-to-end test of a generated microservices system runs on.

Private broker instances started from the machine's binaries on free ports (so that stopping one
disturbs nothing else running on the machine), the services of a generated system as uvicorn
processes, and a small JSON-over-HTTP client. Every process writes its output to a log file,
shown when a test fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from tests.support import output_of, run, tail, tool, unavailable

LOOPBACK = "127.0.0.1"
STOP_TIMEOUT = 30
HTTP_TIMEOUT = 10


_HANDED_OUT: set[int] = set()
_HANDED_OUT_LOCK = threading.Lock()


def free_port() -> int:
    """A TCP port nothing listens on right now, chosen by the kernel, never handed out twice.

    The probe socket is closed before the caller binds the port, so the kernel may offer the same
    port to the next probe: two services of one system were once both given one port, and the
    readiness check of the first was answered by the second.
    """
    with _HANDED_OUT_LOCK:
        while True:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
                probe.bind((LOOPBACK, 0))
                port: int = probe.getsockname()[1]
            if port not in _HANDED_OUT:
                _HANDED_OUT.add(port)
                return port


def answers(port: int) -> bool:
    try:
        with socket.create_connection((LOOPBACK, port), timeout=1):
            return True
    except OSError:
        return False


def binary(name: str, *candidates: str) -> str:
    """An executable: the first existing candidate path, else ``name`` on PATH; else unavailable."""
    for candidate in candidates:
        if Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which(name) or next(
        (str(path) for path in (Path("/usr/sbin") / name, Path("/sbin") / name) if path.is_file()),
        None,
    )
    if found is None:
        unavailable(f"{name} is not installed")
    assert found is not None
    return found


def wait_until(
    condition: Callable[[], bool],
    timeout: float,
    what: str,
    *,
    interval: float = 0.2,
    observed: Callable[[], str] | None = None,
) -> float:
    """Seconds it took ``condition`` to hold; AssertionError naming ``what`` after ``timeout``.

    ``observed`` describes the state at the timeout, for the failure message.
    """
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            seen = f"; observed: {observed()}" if observed is not None else ""
            msg = f"timed out after {timeout:.0f}s waiting for {what}{seen}"
            raise AssertionError(msg)
        time.sleep(interval)
    return time.monotonic() - started


@dataclass
class Process:
    """A child process in a session of its own, its output going to ``log``."""

    name: str
    command: Sequence[str]
    cwd: Path
    env: Mapping[str, str]
    log: Path
    popen: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as sink:
            sink.write(f"\n=== start: {' '.join(self.command)}\n".encode())
            sink.flush()
            self.popen = subprocess.Popen(
                list(self.command),
                cwd=self.cwd,
                env=dict(self.env),
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def ensure_running(self) -> None:
        if self.popen is not None and self.popen.poll() is not None:
            msg = f"{self.name} exited with status {self.popen.returncode}\n{self.log_tail()}"
            raise AssertionError(msg)

    def stop(self) -> None:
        """SIGTERM, and its whole session killed if it has not ended in time."""
        if self.popen is None:
            return
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout=STOP_TIMEOUT)
        # Whatever it started and left behind in its session goes with it.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=STOP_TIMEOUT)
        self.popen = None

    def since_last_start(self) -> str:
        """What the process wrote to its log since it was started last."""
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return text.rpartition("\n=== start: ")[2]

    def log_tail(self, lines: int = 60, *, skip: str | None = None) -> str:
        """The last ``lines`` lines of the log, leaving out those containing ``skip``."""
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        if skip is not None:
            text = "\n".join(line for line in text.splitlines() if skip not in line)
        return f"--- {self.name} ({self.log})\n{tail(text, lines)}"


@dataclass
class PrivateBroker:
    """A broker of the machine's installation, on free ports, its data in ``directory``."""

    directory: Path
    port: int = field(default_factory=free_port)
    processes: list[Process] = field(default_factory=list)

    kind: ClassVar[str]
    # The executables the broker needs, checked before anything is started.
    needs: ClassVar[tuple[str, ...]]
    start_timeout: ClassVar[float] = 30

    @property
    def url(self) -> str:
        raise NotImplementedError

    def server(self) -> Process:
        raise NotImplementedError

    def subscribed(self, namespace: str, consumer: str, event: str) -> bool:
        """Whether ``consumer`` has its durable subscription to ``event`` on this broker."""
        raise NotImplementedError

    def launch(self) -> None:
        """Start the server (again, on the same port and data), without waiting for it."""
        for name in self.needs:
            binary(name)
        process = self.server()
        self.processes.append(process)
        process.start()

    def wait_started(self) -> float:
        """Seconds until the server launched last accepted connections."""
        process = self.processes[-1]

        def accepting() -> bool:
            process.ensure_running()
            return answers(self.port)

        return wait_until(accepting, self.start_timeout, f"{self.kind} on port {self.port}")

    def start(self) -> float:
        self.launch()
        return self.wait_started()

    def stop(self) -> None:
        while self.processes:
            self.processes.pop().stop()

    def logs(self) -> list[str]:
        return [process.log_tail() for process in self.processes]


@dataclass
class RedisServer(PrivateBroker):
    """redis-server with an append-only file, so that streams and groups survive a restart."""

    kind: ClassVar[str] = "redis"
    needs: ClassVar[tuple[str, ...]] = ("redis-server", "redis-cli")

    @property
    def url(self) -> str:
        return f"redis://{LOOPBACK}:{self.port}/0"

    def server(self) -> Process:
        command = [
            binary("redis-server"),
            "--bind",
            LOOPBACK,
            "--port",
            str(self.port),
            "--save",
            "",
            "--appendonly",
            "yes",
            "--dir",
            str(self.directory),
            "--daemonize",
            "no",
        ]
        return Process("redis", command, self.directory, os.environ, self.directory / "redis.log")

    def subscribed(self, namespace: str, consumer: str, event: str) -> bool:
        command = [
            binary("redis-cli"),
            "-h",
            LOOPBACK,
            "-p",
            str(self.port),
            "--json",
            "XINFO",
            "GROUPS",
            f"{namespace}:events:{event}",
        ]
        result = run(command, cwd=self.directory, timeout=30)
        if result.returncode != 0 or result.stdout.startswith(("ERR", "(error)")):
            return False
        try:
            groups = json.loads(result.stdout)
        except json.JSONDecodeError:
            return False
        return isinstance(groups, list) and any(
            isinstance(group, dict) and group.get("name") == consumer for group in groups
        )


@dataclass
class NatsServer(PrivateBroker):
    """nats-server with JetStream storing in the data directory, and its monitoring port."""

    monitor_port: int = field(default_factory=free_port)
    kind: ClassVar[str] = "nats"
    needs: ClassVar[tuple[str, ...]] = ("nats-server",)

    @property
    def url(self) -> str:
        return f"nats://{LOOPBACK}:{self.port}"

    def server(self) -> Process:
        command = [
            binary("nats-server"),
            "-a",
            LOOPBACK,
            "-p",
            str(self.port),
            "-m",
            str(self.monitor_port),
            "-js",
            "-sd",
            str(self.directory / "jetstream"),
        ]
        return Process("nats", command, self.directory, os.environ, self.directory / "nats.log")

    def subscribed(self, namespace: str, consumer: str, event: str) -> bool:
        query = "jsz?accounts=true&streams=true&consumers=true"
        try:
            with urllib.request.urlopen(
                f"http://{LOOPBACK}:{self.monitor_port}/{query}", timeout=HTTP_TIMEOUT
            ) as response:
                report = json.load(response)
        except (OSError, ValueError):
            return False
        wanted = f"{consumer}-{event.replace('.', '-')}"
        return any(
            detail.get("name") == wanted
            for account in report.get("account_details") or []
            for stream in account.get("stream_detail") or []
            if stream.get("name") == f"{namespace}-events"
            for detail in stream.get("consumer_detail") or []
        )


@dataclass
class RabbitNode(PrivateBroker):
    """A RabbitMQ node of its own: name, ports, epmd, cookie, configuration and Mnesia files."""

    dist_port: int = field(default_factory=free_port)
    epmd_port: int = field(default_factory=free_port)
    node: str = field(default_factory=lambda: f"e2e{secrets.token_hex(4)}@localhost")
    kind: ClassVar[str] = "rabbitmq"
    needs: ClassVar[tuple[str, ...]] = ("rabbitmq-server", "rabbitmqctl", "epmd")
    start_timeout: ClassVar[float] = 90

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@{LOOPBACK}:{self.port}/"

    def environment(self) -> dict[str, str]:
        """Every file and port of the node in its directory: nothing of the machine's node."""
        home = self.directory / "home"
        home.mkdir(exist_ok=True)
        config = self.directory / "rabbitmq.conf"
        config.write_text(f"listeners.tcp.1 = {LOOPBACK}:{self.port}\n", encoding="utf-8")
        # No plugin: the management plugin's HTTP port would clash with the machine's node.
        plugins = self.directory / "enabled_plugins"
        plugins.write_text("[].\n", encoding="utf-8")
        env_file = self.directory / "rabbitmq-env.conf"
        env_file.touch()
        return {
            **os.environ,
            "HOME": str(home),
            "RABBITMQ_NODENAME": self.node,
            "RABBITMQ_NODE_IP_ADDRESS": LOOPBACK,
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_CONF_ENV_FILE": str(env_file),
            "RABBITMQ_CONFIG_FILE": str(config),
            "RABBITMQ_ADVANCED_CONFIG_FILE": str(self.directory / "advanced.config"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(plugins),
            "RABBITMQ_BASE": str(self.directory),
            "RABBITMQ_MNESIA_BASE": str(self.directory / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.directory / "log"),
            "RABBITMQ_PID_FILE": str(self.directory / "rabbitmq.pid"),
            "ERL_EPMD_ADDRESS": LOOPBACK,
            "ERL_EPMD_PORT": str(self.epmd_port),
        }

    def server(self) -> Process:
        # The package's script runs as the invoking user; /usr/sbin's wrapper would switch to
        # the rabbitmq user, who cannot write the test's directory.
        command = [binary("rabbitmq-server", "/usr/lib/rabbitmq/bin/rabbitmq-server")]
        env = self.environment()
        return Process("rabbitmq", command, self.directory, env, self.directory / "rabbitmq.log")

    def launch(self) -> None:
        if not any(process.name == "epmd" for process in self.processes):
            epmd = Process(
                "epmd",
                [binary("epmd"), "-port", str(self.epmd_port), "-address", LOOPBACK],
                self.directory,
                os.environ,
                self.directory / "epmd.log",
            )
            self.processes.append(epmd)
            epmd.start()
            wait_until(lambda: answers(self.epmd_port), 10, f"epmd on port {self.epmd_port}")
        super().launch()

    def stop_server(self) -> None:
        """Stop the node only; its epmd stays, as it would on a machine."""
        for process in [process for process in self.processes if process.name == "rabbitmq"]:
            process.stop()
            self.processes.remove(process)

    def subscribed(self, namespace: str, consumer: str, event: str) -> bool:
        command = [
            binary("rabbitmqctl", "/usr/lib/rabbitmq/bin/rabbitmqctl"),
            "-n",
            self.node,
            "-q",
            "list_queues",
            "name",
            "consumers",
            "--formatter",
            "json",
        ]
        result = run(command, cwd=self.directory, env=self.environment(), timeout=60)
        if result.returncode != 0:
            return False
        try:
            queues = json.loads(result.stdout)
        except json.JSONDecodeError:
            return False
        return any(
            queue.get("name") == f"{namespace}.{consumer}" and int(queue.get("consumers", 0)) > 0
            for queue in queues
        )


@dataclass
class KafkaServer(PrivateBroker):
    """noida-db serving the Kafka protocol only, in the foreground, its data in the directory."""

    kind: ClassVar[str] = "kafka"
    needs: ClassVar[tuple[str, ...]] = ("noida-db",)

    @property
    def url(self) -> str:
        return f"kafka://{LOOPBACK}:{self.port}"

    def server(self) -> Process:
        command = [
            tool("noida-db"),
            "start",
            "--only",
            "kafka",
            "--host",
            LOOPBACK,
            "--kafka-port",
            str(self.port),
            "--data-dir",
            str(self.directory / "data"),
        ]
        return Process("kafka", command, self.directory, os.environ, self.directory / "kafka.log")

    def launch(self) -> None:
        tool("noida-db")
        process = self.server()
        self.processes.append(process)
        process.start()

    def stop(self) -> None:
        """``noida-db down`` (it keeps its data), then whatever is left of the process."""
        if any(process.running for process in self.processes):
            run(
                [tool("noida-db"), "down", "--data-dir", str(self.directory / "data")],
                cwd=self.directory,
                timeout=STOP_TIMEOUT,
            )
        super().stop()

    def subscribed(self, namespace: str, consumer: str, event: str) -> bool:
        """Whether the consumer's group has a member, and its subscription covers the topic."""
        from aiokafka.admin import AIOKafkaAdminClient  # noqa: PLC0415 - for Kafka only

        async def described() -> bool:
            admin = AIOKafkaAdminClient(bootstrap_servers=f"{LOOPBACK}:{self.port}")
            await admin.start()
            try:
                topics = await admin.list_topics()
                groups = await admin.describe_consumer_groups([f"{namespace}.{consumer}"])
            finally:
                await admin.close()
            members = [
                member for response in groups for group in response.groups for member in group[5]
            ]
            return f"{namespace}.events.{event}" in topics and bool(members)

        try:
            return asyncio.run(described())
        except Exception:  # not up yet, or the group is still forming
            return False


BROKERS: dict[str, type[PrivateBroker]] = {
    "redis": RedisServer,
    "nats": NatsServer,
    "rabbitmq": RabbitNode,
    "kafka": KafkaServer,
}


def stop_broker(broker: PrivateBroker) -> None:
    """Stop the broker server itself (its data stays for the next start)."""
    if isinstance(broker, RabbitNode):
        broker.stop_server()
    else:
        broker.stop()


@dataclass(frozen=True)
class Reply:
    status: int
    body: Any
    headers: Mapping[str, str] = field(default_factory=dict)  # names in lower case

    def describe(self) -> str:
        return f"HTTP {self.status}: {json.dumps(self.body)[:2000]}"


def http(
    method: str,
    url: str,
    *,
    token: str | None = None,
    json_body: Any = None,
    form: Mapping[str, str] | None = None,
) -> Reply:
    """One request; the status and the JSON body (or the text, when it is not JSON)."""
    headers = {"Accept": "application/json"}
    data: bytes | None = None
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    if json_body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(json_body).encode()
    elif form is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        data = urllib.parse.urlencode(form).encode()
    request = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:  # noqa: S310
            status, raw, headers = response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        status, raw, headers = error.code, error.read(), error.headers
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        body = raw.decode(errors="replace")
    return Reply(status, body, {name.lower(): value for name, value in headers.items()})


@dataclass
class Service:
    """One service of the generated system, run by uvicorn from the workspace's environment."""

    name: str
    directory: Path
    env: dict[str, str]
    logs: Path
    port: int = field(default_factory=free_port)
    process: Process | None = None

    @property
    def package(self) -> str:
        return f"{self.name}_service"

    @property
    def base_url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def command(
        self,
        venv: Path,
        *arguments: str,
        extra_env: Mapping[str, str] | None = None,
        timeout: float = 300,
    ) -> None:
        """Run a command of the environment in the service directory, with its settings."""
        result = run(
            [str(venv / "bin" / arguments[0]), *arguments[1:]],
            cwd=self.directory,
            env={**self.env, **(extra_env or {})},
            timeout=timeout,
        )
        assert result.returncode == 0, f"{self.name}: {' '.join(arguments)}\n{output_of(result)}"

    def start(self, venv: Path) -> None:
        command = [
            str(venv / "bin" / "uvicorn"),
            f"{self.package}.main:create_app",
            "--factory",
            "--host",
            LOOPBACK,
            "--port",
            str(self.port),
        ]
        self.process = Process(
            self.name, command, self.directory, self.env, self.logs / f"{self.name}.log"
        )
        self.process.start()

    def wait_ready(self, timeout: float = 60) -> float:
        def ready() -> bool:
            assert self.process is not None
            self.process.ensure_running()
            # Only this process's own uvicorn, never another process that holds the port.
            if f"running on {self.base_url}" not in self.process.since_last_start():
                return False
            try:
                return http("GET", self.url("/health/ready")).status == 200
            except OSError:
                return False

        return wait_until(ready, timeout, f"{self.name} /health/ready")

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()

    def log_tail(self, *, skip: str | None = None) -> str:
        return self.process.log_tail(120, skip=skip) if self.process is not None else ""
