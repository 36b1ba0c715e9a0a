"""A generated oauth2-oidc service against a standard provider: the npm package oidc-provider.

The test installs ``oidc-provider`` (pinned major version) into a cache directory outside the
repository, runs it with tests/oidc_provider_server.mjs on a loopback port (one confidential
client, client_credentials, a resource indicator naming the API: RFC 9068 JWT access tokens
with the scopes read, write and admin), generates an oauth2-oidc project on SQLite, installs it
with uv, migrates it, serves it with uvicorn pointed at the provider with no custom mapping, and
checks that:

- the read scope lists, the write scope creates and updates, no scope is 403;
- with the provider stopped, tokens of the keys the service has keep working; a service that
  (re)starts during the outage answers 503 with Retry-After;
- once the provider is back with a rotated key, its new tokens work within a couple of seconds
  (not after the 30 s refresh interval), and the retired key's are refused.

Needs Node.js and npm (and a Python 3.12): under CI=true a missing one, or a failed install,
fails the test; elsewhere it skips.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.end_to_end import LOOPBACK, Process, Reply, Service, answers, free_port, http, wait_until
from tests.support import TEMPLATE, bake, output_of, run, tool, unavailable
from tests.test_generated_check import SYNC_TIMEOUT, interpreter, project_environment

# Installing a project and running it against the provider: less than a check.
pytestmark = [pytest.mark.tier2, pytest.mark.cost(0.5)]

PYTHON_VERSION = "3.12"
PROVIDER_PACKAGE = "oidc-provider@9"
PROVIDER_CACHE = Path.home() / ".cache" / "backend-template-tests" / "oidc-provider"
PROVIDER_SCRIPT = TEMPLATE / "tests" / "oidc_provider_server.mjs"
AUDIENCE = "https://api.example.test/inventory"
CLIENT_ID = "inventory-tests"
CATALOG = "/api/v1/catalog"
# The service asks a provider that failed again after about a second; the rest is slack.
ROTATION_TIMEOUT = 3.0
NPM_TIMEOUT = 600


def provider_modules() -> Path:
    """node_modules holding oidc-provider, installed once into the cache directory."""
    for name in ("node", "npm"):
        if shutil.which(name) is None:
            unavailable(
                f"{name} is not installed (the provider test runs oidc-provider on Node.js)"
            )
    modules = PROVIDER_CACHE / "node_modules"
    if not (modules / "oidc-provider" / "package.json").is_file():
        PROVIDER_CACHE.mkdir(parents=True, exist_ok=True)
        install = run(
            [
                shutil.which("npm") or "npm",
                "install",
                "--prefix",
                str(PROVIDER_CACHE),
                "--no-audit",
                "--no-fund",
                PROVIDER_PACKAGE,
            ],
            cwd=PROVIDER_CACHE,
            timeout=NPM_TIMEOUT,
        )
        if install.returncode != 0:
            unavailable(f"npm install {PROVIDER_PACKAGE} failed\n{output_of(install)}")
    return modules


class Provider:
    """oidc-provider on a fixed loopback port; each start is a new signing key."""

    def __init__(self, modules: Path, logs: Path) -> None:
        self.port = free_port()
        self.secret = secrets.token_urlsafe(32)
        self.env = {
            **os.environ,
            "OIDC_PROVIDER_MODULES": str(modules),
            "OIDC_PROVIDER_PORT": str(self.port),
            "OIDC_AUDIENCE": AUDIENCE,
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": self.secret,
        }
        self.logs = logs
        self.process: Process | None = None

    @property
    def issuer(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def start(self) -> None:
        command = [shutil.which("node") or "node", str(PROVIDER_SCRIPT)]
        self.process = Process("oidc-provider", command, self.logs, self.env, self.logs / "p.log")
        self.process.start()
        process = self.process

        def listening() -> bool:
            process.ensure_running()
            return answers(self.port)

        wait_until(listening, 30, f"oidc-provider on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()
            self.process = None

    def token(self, scope: str | None) -> str:
        """An access token for the API from the client_credentials grant, found by discovery."""
        discovery = http("GET", f"{self.issuer}/.well-known/openid-configuration")
        assert discovery.status == 200, discovery.describe()
        form = {
            "grant_type": "client_credentials",
            "client_id": CLIENT_ID,
            "client_secret": self.secret,
            "resource": AUDIENCE,
        }
        if scope is not None:
            form["scope"] = scope
        reply = http("POST", discovery.body["token_endpoint"], form=form)
        assert reply.status == 200, reply.describe()
        assert reply.body.get("scope", "") == (scope or ""), reply.describe()
        token: str = reply.body["access_token"]
        return token

    def log_tail(self) -> str:
        return self.process.log_tail() if self.process is not None else ""


def header_of(token: str) -> dict[str, object]:
    encoded = token.split(".", 1)[0]
    padded = encoded + "=" * (-len(encoded) % 4)
    decoded: dict[str, object] = json.loads(base64.urlsafe_b64decode(padded))
    return decoded


def with_unknown_key(token: str) -> str:
    """The token under a key id the service has never seen: as if the provider had rotated."""
    header = {**header_of(token), "kid": f"rotated-{secrets.token_hex(4)}"}
    encoded = base64.urlsafe_b64encode(json.dumps(header).encode()).rstrip(b"=").decode()
    return ".".join([encoded, *token.split(".")[1:]])


def expect(reply: Reply, status: int, what: str) -> Reply:
    assert reply.status == status, f"{what}: expected HTTP {status}, got {reply.describe()}"
    return reply


@pytest.fixture
def provider(tmp_path: Path) -> Iterator[Provider]:
    modules = provider_modules()
    logs = tmp_path / "provider"
    logs.mkdir()
    running = Provider(modules, logs)
    try:
        running.start()
        yield running
    finally:
        running.stop()


def test_a_standard_providers_tokens_read_and_write_with_no_custom_mapping(
    provider: Provider, tmp_path: Path
) -> None:
    python = interpreter(PYTHON_VERSION)
    if python is None:
        unavailable(f"no Python {PYTHON_VERSION} interpreter (pyenv or PATH)")
    assert python is not None
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "uv").symlink_to(tool("uv"))
    project = bake({"auth": "oauth2-oidc", "database": "sqlite"}, tmp_path / "out")
    env = project_environment(python, tools)
    sync = run(["uv", "sync", "--python", str(python)], cwd=project, env=env, timeout=SYNC_TIMEOUT)
    assert sync.returncode == 0, f"uv sync failed\n{output_of(sync)}"
    (project / "var").mkdir(exist_ok=True)
    settings = {
        **env,
        "APP_ENVIRONMENT": "development",
        "APP_LOG_JSON": "false",
        "APP_DATABASE_URL": "sqlite+aiosqlite:///./var/inventory.db",
        "APP_OIDC_ISSUER": provider.issuer,
        "APP_OIDC_AUDIENCE": AUDIENCE,
    }
    logs = tmp_path / "logs"
    logs.mkdir()
    service = Service("inventory", project, settings, logs)
    service.command(project / ".venv", "alembic", "upgrade", "head")
    service.start(project / ".venv")
    try:
        service.wait_ready()
        exercise(service, provider, project / ".venv")
    except BaseException:
        print(service.log_tail())
        print(provider.log_tail())
        raise
    finally:
        service.stop()


def exercise(service: Service, provider: Provider, venv: Path) -> None:
    reader, writer, nobody = (provider.token(scope) for scope in ("read", "read write", None))
    assert header_of(writer)["typ"] == "at+jwt"

    expect(http("GET", service.url(CATALOG), token=reader), 200, "list with the read scope")
    expect(
        http("POST", service.url(CATALOG), token=reader, json_body={"name": "Mug"}),
        403,
        "create with the read scope only",
    )
    created = expect(
        http("POST", service.url(CATALOG), token=writer, json_body={"name": "Mug"}),
        201,
        "create with the write scope",
    ).body
    updated = expect(
        http(
            "PATCH",
            service.url(f"{CATALOG}/{created['id']}"),
            token=writer,
            json_body={"name": "Blue mug", "version": created["version"]},
        ),
        200,
        "update with the write scope",
    ).body
    assert updated["name"] == "Blue mug"
    expect(http("GET", service.url(CATALOG), token=nobody), 403, "list with no scope")
    me = expect(http("GET", service.url("/api/v1/identity/me"), token=writer), 200, "me").body
    assert (me["subject"], me["roles"]) == (CLIENT_ID, ["editor", "user"])

    document = expect(http("GET", service.url("/openapi.json")), 200, "the OpenAPI document")
    flows = [
        scheme["flows"]["authorizationCode"]
        for scheme in document.body["components"]["securitySchemes"].values()
        if scheme["type"] == "oauth2"
    ]
    assert flows[0]["tokenUrl"] == f"{provider.issuer}/token"
    assert flows[0]["authorizationUrl"] == f"{provider.issuer}/auth"

    provider.stop()
    expect(http("GET", service.url(CATALOG), token=reader), 200, "a known key during the outage")
    # Within the refresh interval an unknown key id is a plain 401 (a flood of them fetches
    # nothing); a service that starts during the outage has no keys at all: 503.
    expect(http("GET", service.url(CATALOG), token=with_unknown_key(reader)), 401, "unknown key")
    service.stop()
    service.start(venv)
    service.wait_ready()
    outage = expect(
        http("GET", service.url(CATALOG), token=reader),
        503,
        "a token while the provider is down and no key was ever fetched",
    )
    assert outage.body["error"]["code"] == "unavailable"
    assert int(outage.headers["retry-after"]) >= 1

    provider.start()
    rotated = provider.token("read")
    assert header_of(rotated)["kid"] != header_of(reader)["kid"]
    took = wait_until(
        lambda: http("GET", service.url(CATALOG), token=rotated).status == 200,
        ROTATION_TIMEOUT,
        "a token of the rotated key to be accepted",
        interval=0.1,
        observed=lambda: http("GET", service.url(CATALOG), token=rotated).describe(),
    )
    expect(http("GET", service.url(CATALOG), token=reader), 401, "a token of the retired key")
    print(f"\noidc-provider: the rotated key was accepted {took:.1f}s after its first token")
