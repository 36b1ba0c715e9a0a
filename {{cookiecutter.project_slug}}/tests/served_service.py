"""The application served by uvicorn in processes of its own, as in production, for system tests.

``serve`` starts ``uvicorn --factory`` on a free loopback port with the test settings passed
as ``APP_*`` variables, waits until it answers, and stops it after. ``observed_app`` is the
factory it runs: the application, plus a consumer (``observer``) of the event names listed in
``OBSERVED_EVENTS`` that logs each event it receives, so tests see the consuming side too.
"""

import asyncio
import enum
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import httpx
import structlog
from fastapi import FastAPI
from pydantic import SecretStr

from {{ cookiecutter.package_name }}.main import create_app
from {{ cookiecutter.package_name }}.shared.events import IntegrationEvent
from {{ cookiecutter.package_name }}.shared.settings import Settings

OBSERVED_EVENTS = "OBSERVED_EVENTS"
OBSERVER = "observer"
# Generous: a loaded CI machine may take many seconds to import the application.
STARTUP_TIMEOUT_SECONDS = 90.0
BUS_START_TIMEOUT_SECONDS = 60.0
BUS_POLL_SECONDS = 0.05
PROJECT_ROOT = Path(__file__).resolve().parent.parent

logger = structlog.get_logger("tests.observer")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _as_variable(value: object) -> str:
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ",".join(_as_variable(item) for item in value)
    return str(value)


def settings_environment(settings: Settings) -> dict[str, str]:
    """``settings`` as the ``APP_*`` variables that make a new process read the same values."""
    changed = settings.model_dump(exclude_defaults=True)
    return {f"APP_{name.upper()}": _as_variable(value) for name, value in changed.items()}


async def _observe(event: IntegrationEvent) -> None:
    logger.info("event_observed", event_id=str(event.id), event_name=event.name)


async def _until_consuming(events: object) -> None:
    """Return once ``events`` consumes: a broker's bus says so, the in-process bus always does."""
    for _ in range(int(BUS_START_TIMEOUT_SECONDS / BUS_POLL_SECONDS)):
        if getattr(events, "_started", True):
            return
        await asyncio.sleep(BUS_POLL_SECONDS)
    msg = f"the event bus did not start within {BUS_START_TIMEOUT_SECONDS}s"
    raise TimeoutError(msg)


def observed_app() -> FastAPI:
    """The application, with the ``observer`` consumer of the names in ``OBSERVED_EVENTS``.

    It starts serving once its event bus consumes (a broker's queues exist), so no event the
    test causes is published before the observer can receive it.
    """
    app = create_app()
    events = app.state.events
    for name in filter(None, os.environ.get(OBSERVED_EVENTS, "").split(",")):
        events.subscribe(name, _observe, consumer=OBSERVER)
    running = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(application: FastAPI) -> AsyncIterator[None]:
        async with running(application):
            await _until_consuming(events)
            yield

    app.router.lifespan_context = lifespan
    return app


@contextmanager
def serve(
    settings: Settings,
    log_file: Path,
    environment: Mapping[str, str] | None = None,
    workers: int = 1,
) -> Iterator[str]:
    """The base URL of the application served by ``workers`` uvicorn processes; logs to a file."""
    port = free_port()
    variables = {**os.environ, **settings_environment(settings), **(environment or {})}
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "tests.served_service:observed_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-access-log",
    ]
    base_url = f"http://127.0.0.1:{port}"
    with log_file.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
            command, cwd=PROJECT_ROOT, env=variables, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            _wait_until_live(base_url, process, log_file)
            yield base_url
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_live(base_url: str, process: subprocess.Popen[bytes], log_file: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    # One client for every probe: each new one loads the CA bundle, about 20 ms of CPU that the
    # starting service would wait for on a busy machine.
    with httpx.Client(base_url=base_url, timeout=1.0) as http:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                output = log_file.read_text(errors="replace")
                msg = f"the service exited with {process.returncode}:\n{output}"
                raise AssertionError(msg)
            try:
                if http.get("/health/live").status_code == httpx.codes.OK:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
    msg = f"the service did not answer within {STARTUP_TIMEOUT_SECONDS}s"
    raise AssertionError(msg)
