"""Logs captured exactly as production renders them, served by uvicorn, and the canaries.

A canary is a credential made up for one test run: no log entry may ever contain one.
"""

import asyncio
import io
import json
import secrets
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

import pytest
import uvicorn
from fastapi import FastAPI

from {{ cookiecutter.package_name }}.shared.logging import configure_logging
from {{ cookiecutter.package_name }}.shared.settings import Settings

RUN = secrets.token_hex(6)
CANARY_PASSWORD = f"Canary-Password-{RUN}"
CANARY_TOKEN = f"canary-token-{RUN}"
CANARY_API_KEY = f"canary-api-key-{RUN}"
CANARY_COOKIE = f"canary-cookie-{RUN}"
CANARY_CSRF = f"canary-csrf-{RUN}"
CANARY_DATABASE_PASSWORD = f"canary-database-{RUN}"
CANARIES = (
    CANARY_PASSWORD,
    CANARY_TOKEN,
    CANARY_API_KEY,
    CANARY_COOKIE,
    CANARY_CSRF,
    CANARY_DATABASE_PASSWORD,
)
# Every credential a request can carry, at once.
CANARY_HEADERS = {
    "Authorization": f"Bearer {CANARY_TOKEN}",
    "Cookie": f"session={CANARY_COOKIE}",
    "X-API-Key": CANARY_API_KEY,
    "X-CSRF-Token": CANARY_CSRF,
}
FAILURE_LEVELS = frozenset({"warning", "error", "critical"})


@dataclass(frozen=True)
class Attempt:
    """A request that must fail (``statuses``) without a credential reaching the logs."""

    name: str
    method: str
    path: str
    statuses: frozenset[int]
    headers: Mapping[str, str] = field(default_factory=dict)
    data: Mapping[str, str] | None = None
    json: object = None
    # Real credentials of this attempt (tokens, keys) looked for besides the canaries.
    secrets: tuple[str, ...] = ()
    # Served by an application whose database cannot be reached.
    database_down: bool = False
    # Breaks something for this attempt only (e.g. a hasher that raises).
    breaks: Callable[[pytest.MonkeyPatch], None] | None = None


class CapturedLogs:
    """Every entry written while the test runs, as the production JSON renderer wrote it."""

    def __init__(self) -> None:
        self.stream = io.StringIO()

    @property
    def lines(self) -> list[str]:
        return self.stream.getvalue().splitlines()

    def entries(self) -> list[dict[str, object]]:
        return [json.loads(line) for line in self.lines]

    def failures_of(self, request_id: str) -> list[dict[str, object]]:
        """Warnings and errors about one request: the app's (by request id) and uvicorn's."""
        return [
            entry
            for entry in self.entries()
            if entry.get("level") in FAILURE_LEVELS
            and (entry.get("request_id") == request_id or entry.get("logger") == "uvicorn.error")
        ]


def with_database_password(url: str, password: str) -> str:
    """The URL signing in with ``password`` (SQLite URLs have no password: unchanged)."""
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        return url
    user = parts.netloc.rpartition("@")[0].partition(":")[0] or "app"
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{user}:{password}@{host}"))


def capture_logs(settings: Settings) -> CapturedLogs:
    """Route every log (the app's, uvicorn's, the ORM's) to a buffer, rendered as JSON."""
    logs = CapturedLogs()
    configure_logging(settings.model_copy(update={"log_json": True}), logs.stream)
    return logs


@asynccontextmanager
async def served(app: FastAPI) -> AsyncIterator[str]:
    """The application behind a real uvicorn server on a free loopback port: its base URL."""
    # log_config=None: logging stays as configure_logging left it, as after create_app.
    config = uvicorn.Config(app, host="127.0.0.1", port=0, lifespan="off", log_config=None)
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    async with asyncio.timeout(10):
        while not server.started:
            if serving.done():
                serving.result()
            await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await serving
