"""No credential reaches a log, whatever fails, and every failure is logged once, bounded.

The application runs behind a real uvicorn server and logs as in production (JSON); each
request carries canary credentials. The auth method's own failures come from its
``canary_attempts`` fixture (tests/log_canaries.py); the failures every service shares are here.
"""

from collections.abc import AsyncIterator, Callable, Iterator

import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from {{ cookiecutter.package_name }}.infrastructure.database import Database
from {{ cookiecutter.package_name }}.main import create_app
from {{ cookiecutter.package_name }}.shared.logging import MAX_ENTRY_CHARS
from {{ cookiecutter.package_name }}.shared.settings import Settings
from {{ cookiecutter.package_name }}.shared.tracebacks import MAX_FRAMES

from tests.log_capture import (
    CANARIES,
    CANARY_API_KEY,
    CANARY_DATABASE_PASSWORD,
    CANARY_HEADERS,
    CANARY_PASSWORD,
    CANARY_TOKEN,
    Attempt,
    CapturedLogs,
    capture_logs,
    served,
    with_database_password,
)

# The probes add routes to the application and its logs go to a buffer: each test gets an
# application of its own.
pytestmark = pytest.mark.own_app

DATABASE_DOWN = frozenset({500, 503})


class Credentials(BaseModel):
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+$")
    password: str = Field(min_length=12)


def _recurse(depth: int) -> None:
    if depth:
        _recurse(depth - 1)
    token = CANARY_TOKEN
    msg = f"gave up at the bottom with {token}"
    raise RuntimeError(msg)


def _add_probes(app: FastAPI, down: Database) -> None:
    """Routes that fail the ways no handler knows: secrets in messages, locals, deep stacks."""

    async def crash(body: Credentials) -> None:
        token, api_key = CANARY_TOKEN, CANARY_API_KEY
        msg = f"storage refused {body.email} with {body.password}, Bearer {token}, {api_key}"
        raise RuntimeError(msg)

    async def leaky_library() -> None:
        # Credentials the request did not carry, in the shapes libraries print them.
        url = f"postgresql://app:{CANARY_DATABASE_PASSWORD}@db:5432/app"
        try:
            msg = f"could not connect to {url}"
            raise ConnectionError(msg)
        except ConnectionError as error:
            msg = f"request failed: Authorization: Bearer {CANARY_TOKEN} password={CANARY_PASSWORD}"
            raise ValueError(msg) from error

    async def deep() -> None:
        _recurse(300)

    async def huge() -> None:
        raise RuntimeError(CANARY_TOKEN + "x" * 1_000_000)

    async def database() -> None:
        await down.ping()

    async def stream() -> StreamingResponse:
        async def chunks() -> AsyncIterator[bytes]:
            yield b"first part"
            msg = f"the stream broke holding {CANARY_TOKEN}"
            raise RuntimeError(msg)

        return StreamingResponse(chunks())

    app.add_api_route("/probe/crash", crash, methods=["POST"])
    for path, endpoint in {
        "/probe/library": leaky_library,
        "/probe/deep": deep,
        "/probe/huge": huge,
        "/probe/database": database,
        "/probe/stream": stream,
    }.items():
        app.add_api_route(path, endpoint, methods=["GET"])


@pytest.fixture
def down_settings(
    settings: Settings, migrated_database: str, unreachable_database_url: Callable[[str], str]
) -> Settings:
    """The test settings, but the database (with a canary password) cannot be reached."""
    url = with_database_password(
        unreachable_database_url(migrated_database), CANARY_DATABASE_PASSWORD
    )
    return settings.model_copy(update={"database_url": url})


@pytest.fixture
async def down_database(down_settings: Settings) -> AsyncIterator[Database]:
    database = Database.from_settings(down_settings)
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture
async def app_with_database_down(down_settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(down_settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
def logs(settings: Settings) -> Iterator[CapturedLogs]:
    captured = capture_logs(settings)
    yield captured
    capture_logs(settings)  # the next test starts from a fresh buffer, not this one


def assert_clean(logs: CapturedLogs, *secrets: str) -> None:
    """No canary, nor any of ``secrets``, anywhere; every entry within its bound."""
    text = logs.stream.getvalue()
    for secret in (*CANARIES, *secrets):
        assert secret not in text, f"a credential reached the logs: {secret[:12]}..."
    assert all(len(line) <= MAX_ENTRY_CHARS for line in logs.lines)
    assert not [e for e in logs.entries() if e.get("event") == "Exception in ASGI application"]


async def send(base_url: str, attempt: Attempt) -> httpx.Response:
    async with httpx.AsyncClient(base_url=base_url) as http:
        return await http.request(
            attempt.method,
            attempt.path,
            headers=dict(attempt.headers),
            data=attempt.data,
            json=attempt.json,
        )


def assert_logged_once(logs: CapturedLogs, response: httpx.Response, name: str) -> None:
    """A 500 is one error entry; any other failure at most one warning or error."""
    failures = logs.failures_of(response.headers["X-Request-ID"])
    if response.status_code == 500:
        assert [entry["level"] for entry in failures] == ["error"], name
    else:
        assert len(failures) <= 1, name


@pytest.fixture
async def probed(app: FastAPI, down_database: Database) -> FastAPI:
    _add_probes(app, down_database)
    return app


PROBES = [
    Attempt(
        "secrets in the message and the locals",
        "POST",
        "/probe/crash",
        frozenset({500}),
        headers=CANARY_HEADERS,
        json={"email": "victim@example.com", "password": CANARY_PASSWORD},
    ),
    Attempt(
        "validation error",
        "POST",
        "/probe/crash",
        frozenset({422}),
        headers=CANARY_HEADERS,
        json={"email": CANARY_PASSWORD, "password": CANARY_TOKEN[:3]},
    ),
    Attempt("credentials only in library text", "GET", "/probe/library", frozenset({500})),
    Attempt("a deep stack", "GET", "/probe/deep", frozenset({500}), headers=CANARY_HEADERS),
    Attempt("a huge message", "GET", "/probe/huge", frozenset({500}), headers=CANARY_HEADERS),
    Attempt("the database down", "GET", "/probe/database", DATABASE_DOWN, headers=CANARY_HEADERS),
]


@pytest.mark.parametrize("attempt", PROBES, ids=lambda attempt: attempt.name)
async def test_an_unexpected_failure_is_logged_once_without_secrets(
    probed: FastAPI, logs: CapturedLogs, attempt: Attempt
) -> None:
    async with served(probed) as base_url:
        response = await send(base_url, attempt)
    assert response.status_code in attempt.statuses, response.text
    assert_logged_once(logs, response, attempt.name)
    assert_clean(logs)


async def test_a_failure_keeps_its_innermost_frames_and_no_locals(
    probed: FastAPI, logs: CapturedLogs
) -> None:
    async with served(probed) as base_url:
        await send(base_url, PROBES[3])
    (entry,) = [e for e in logs.entries() if e.get("event") == "unhandled_error"]
    exception = entry["exception"]
    assert isinstance(exception, list)
    frames = exception[0]["frames"]
    assert len(frames) <= MAX_FRAMES
    assert frames[-1]["name"] == "_recurse"
    assert exception[0]["frames_omitted"] > 0
    assert all(set(frame) == {"module", "lineno", "name"} for frame in frames)


async def test_a_response_broken_after_it_started_is_logged_once(
    probed: FastAPI, logs: CapturedLogs
) -> None:
    async with served(probed) as base_url, httpx.AsyncClient(base_url=base_url) as http:
        with pytest.raises(httpx.RemoteProtocolError):
            await http.get("/probe/stream", headers=CANARY_HEADERS)
    errors = [e for e in logs.entries() if e.get("level") == "error"]
    assert [e["event"] for e in errors] == ["unhandled_error"]
    assert_clean(logs)


async def test_the_auth_method_fails_without_logging_a_credential(
    app: FastAPI,
    app_with_database_down: FastAPI,
    logs: CapturedLogs,
    canary_attempts: list[Attempt],
) -> None:
    secrets: list[str] = []
    async with served(app) as base_url, served(app_with_database_down) as down_url:
        for attempt in canary_attempts:
            with pytest.MonkeyPatch.context() as patch:
                if attempt.breaks is not None:
                    attempt.breaks(patch)
                response = await send(down_url if attempt.database_down else base_url, attempt)
            assert response.status_code in attempt.statuses, (attempt.name, response.text)
            assert_logged_once(logs, response, attempt.name)
            secrets.extend(attempt.secrets)
    assert_clean(logs, *secrets)
