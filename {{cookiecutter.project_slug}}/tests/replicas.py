"""Replicas of the service: uvicorn processes on loopback, sharing the test database and Redis."""

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import httpx
from pydantic import SecretStr

from tests.ports import closed_port

# Importing the app takes seconds, and much longer on a machine busy with other test runs.
START_SECONDS = 180


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
        elif isinstance(value, dict):
            text = json.dumps(value)
        elif isinstance(value, list | tuple | set | frozenset):
            # Lists as their variables are written: comma-separated.
            text = ",".join(sorted(str(item) for item in value))
        else:
            text = str(value)
        env[f"APP_{name.upper()}"] = text
    return env


def _wait_until_live(process: subprocess.Popen[bytes], base: str) -> None:
    deadline = time.monotonic() + START_SECONDS
    # One client for every probe: each new one loads the CA bundle, about 20 ms of CPU that a
    # starting replica would wait for on a busy machine.
    with httpx.Client(base_url=base, timeout=1) as http:
        while True:
            try:
                if http.get("/health/live").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the replica at {base} did not start")
            time.sleep(0.2)


@contextmanager
def replicas(settings: Mapping[str, object], count: int = 2) -> Iterator[list[str]]:
    """``count`` uvicorn processes serving the app with ``settings``; yields their base URLs."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("APP_")}
    env.update(environment_of(settings))
    started: list[tuple[subprocess.Popen[bytes], str]] = []
    try:
        for _ in range(count):
            port = closed_port()
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
            started.append((process, f"http://127.0.0.1:{port}"))
        for process, base in started:
            _wait_until_live(process, base)
        yield [base for _, base in started]
    finally:
        for process, _ in started:
            process.terminate()
        for process, _ in started:
            process.wait(timeout=30)
