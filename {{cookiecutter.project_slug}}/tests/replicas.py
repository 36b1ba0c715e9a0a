"""Replicas of the service: uvicorn processes on loopback, sharing the test database and Redis."""

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager

import httpx
from pydantic import SecretStr

from tests.conftest import closed_port


def environment_of(values: Mapping[str, object]) -> dict[str, str]:
    """Settings as the APP_ variables a deployment would set."""
    env: dict[str, str] = {}
    for name, value in values.items():
        if value is None or (isinstance(value, list | dict | tuple) and not value):
            continue
        if isinstance(value, SecretStr):
            text = value.get_secret_value()
        elif isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, list | dict | tuple | set | frozenset):
            text = json.dumps(list(value) if isinstance(value, set | frozenset) else value)
        else:
            text = str(value)
        env[f"APP_{name.upper()}"] = text
    return env


@contextmanager
def replica(settings: Mapping[str, object]) -> Iterator[str]:
    """One uvicorn process serving the app with ``settings``; yields its base URL."""
    port = closed_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("APP_")}
    env.update(environment_of(settings))
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "{{ cookiecutter.package_name }}.main:create_app",
        "--factory",
        "--host=127.0.0.1",
        f"--port={port}",
        "--log-level=warning",
    ]
    process = subprocess.Popen(command, env=env)  # noqa: S603 - our own interpreter
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/health/live", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the replica on port {port} did not start")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def replicas(settings: Mapping[str, object], count: int = 2) -> Iterator[list[str]]:
    with ExitStack() as stack:
        yield [stack.enter_context(replica(settings)) for _ in range(count)]
