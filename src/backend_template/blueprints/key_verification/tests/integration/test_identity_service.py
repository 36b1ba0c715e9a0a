{%- set wire = json_case(cookiecutter) -%}
"""Keys verified by the real identity service, running as uvicorn on loopback beside this one.

The identity service of this workspace (services/identity) gets a database of its own next to
this service's test database, its migrations (``make migrate``) and an admin key from its
command line; then it is served by uvicorn with the service secret, and this service reaches it
through APP_IDENTITY_URL, as deployed. Stopping the process is the outage.
"""

import asyncio
import os
import secrets
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from {{ unit.package }}.composition.auth import API_KEY_HEADER
from {{ unit.package }}.infrastructure.provisioning import recreate_database
from {{ unit.package }}.main import create_app
from {{ unit.package }}.shared.settings import Settings

# isort: split
from tests.api.helpers import error_of
from tests.revocation import CACHE_SECONDS, MARGIN_SECONDS, seconds_until_refused
from tests.served_service import PROJECT_ROOT, _wait_until_live, free_port

IDENTITY_ROOT = PROJECT_ROOT.parent / "identity"
IDENTITY_PACKAGE = "identity_service"
KEYS = "/api/v1/identity/keys"
ME = "/api/v1/identity/me"
SECRET = secrets.token_urlsafe(48)
SETUP_TIMEOUT_SECONDS = 300


def sibling_database(url: str, suffix: str) -> str:
    """The URL of another database on the same server: this one's name, with ``suffix``."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"{parts.path}{suffix}"))


@dataclass(frozen=True)
class IdentityService:
    """How to run the identity service: its settings as variables, and its first admin key."""

    environment: dict[str, str]
    admin_key: str

    def start(self, log_file: Path) -> "RunningIdentity":
        """The identity service served by uvicorn on a free loopback port, once it answers."""
        port = free_port()
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            f"{IDENTITY_PACKAGE}.main:create_app",
            "--factory",
            "--host=127.0.0.1",
            f"--port={port}",
            "--no-access-log",
        ]
        with log_file.open("wb") as log:
            process = subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
                command, cwd=IDENTITY_ROOT, env=self.environment, stdout=log, stderr=log
            )
        running = RunningIdentity(f"http://127.0.0.1:{port}", process)
        try:
            _wait_until_live(running.url, process, log_file)
        except BaseException:
            running.stop()
            raise
        return running


@dataclass(frozen=True)
class RunningIdentity:
    url: str
    process: "subprocess.Popen[bytes]"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)


@pytest.fixture(scope="module")
def identity_service(settings: Settings, migrated_database: str) -> IdentityService:
    """The identity service's database, migrated, with an admin key issued on the command line."""
    database_url = sibling_database(migrated_database, "_identity")
    recreate_database(database_url)
    environment = {
        **os.environ,
        "APP_ENVIRONMENT": "test",
        "APP_DATABASE_URL": database_url,
        "APP_API_KEY_PEPPER": secrets.token_urlsafe(48),
        "APP_KEY_VERIFICATION_SECRET": SECRET,
        "APP_BROKER_URL": settings.broker_url,
        "APP_BROKER_NAMESPACE": f"test-{secrets.token_hex(4)}",
    }
    migrate = subprocess.run(  # noqa: S603 - fixed arguments
        ["make", "--no-print-directory", "-C", str(IDENTITY_ROOT), "migrate"],  # noqa: S607
        env=environment,
        capture_output=True,
        timeout=SETUP_TIMEOUT_SECONDS,
        check=False,
    )
    assert migrate.returncode == 0, migrate.stdout.decode() + migrate.stderr.decode()
    issued = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            f"{IDENTITY_PACKAGE}.composition.identity",
            "create-admin-key",
            "--name=verification-tests",
        ],
        cwd=IDENTITY_ROOT,
        env=environment,
        capture_output=True,
        timeout=SETUP_TIMEOUT_SECONDS,
        check=False,
    )
    assert issued.returncode == 0, issued.stderr.decode()
    return IdentityService(environment, issued.stdout.decode().strip())


@pytest.fixture
def identity(identity_service: IdentityService, tmp_path: Path) -> Iterator[RunningIdentity]:
    running = identity_service.start(tmp_path / "identity.log")
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
async def verifying(
    settings: Settings, migrated_database: str, identity: RunningIdentity
) -> AsyncIterator[httpx.AsyncClient]:
    """This service, verifying keys through the identity service with the service secret."""
    configured = {
        "database_url": migrated_database,
        "identity_url": identity.url,
        "key_verification_secret": SecretStr(SECRET),
        "auth_cache_seconds": CACHE_SECONDS,
    }
    application: FastAPI = create_app(settings.model_copy(update=configured))
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield http


async def issue(identity: RunningIdentity, admin_key: str, scopes: list[str]) -> dict[str, str]:
    """A key issued by the identity service's API, as an administrator would."""
    async with httpx.AsyncClient(base_url=identity.url) as client:
        created = await client.post(
            KEYS, json={"name": "verified", "scopes": scopes}, headers={API_KEY_HEADER: admin_key}
        )
    assert created.status_code == 201, created.text
    issued: dict[str, str] = created.json()
    return issued


async def test_a_key_of_the_identity_service_is_accepted_and_its_revocation_reaches_here(
    verifying: httpx.AsyncClient, identity_service: IdentityService, identity: RunningIdentity
) -> None:
    issued = await issue(identity, identity_service.admin_key, ["*:read"])
    headers = {API_KEY_HEADER: issued["key"]}
    me = await verifying.get(ME, headers=headers)
    assert me.status_code == 200, me.text
    assert me.json() == {"{{ wire.key("key_id") }}": issued["id"], "scopes": ["*:read"]}
    async with httpx.AsyncClient(base_url=identity.url) as client:
        revoked = await client.post(
            f"{KEYS}/{issued['id']}/revoke", headers={API_KEY_HEADER: identity_service.admin_key}
        )
    assert revoked.status_code == 200, revoked.text
    refused_after = await seconds_until_refused(verifying, ME, headers)
    assert refused_after <= CACHE_SECONDS + MARGIN_SECONDS
    assert (await verifying.get(ME, headers=headers)).status_code == 401


async def test_with_the_identity_service_stopped_a_verified_key_works_and_a_new_one_is_503(
    verifying: httpx.AsyncClient, identity_service: IdentityService, identity: RunningIdentity
) -> None:
    known = {API_KEY_HEADER: (await issue(identity, identity_service.admin_key, ["*"]))["key"]}
    unseen = {API_KEY_HEADER: (await issue(identity, identity_service.admin_key, ["*"]))["key"]}
    assert (await verifying.get(ME, headers=known)).status_code == 200

    identity.stop()
    # Past the cache bound the key is asked about again, and nobody answers.
    await asyncio.sleep(CACHE_SECONDS + 0.1)

    accepted = await verifying.get(ME, headers=known)
    refused = await verifying.get(ME, headers=unseen)
    assert accepted.status_code == 200, accepted.text
    assert refused.status_code == 503, refused.text
    assert error_of(refused)["code"] == "unavailable"
    assert int(refused.headers["Retry-After"]) >= 0
