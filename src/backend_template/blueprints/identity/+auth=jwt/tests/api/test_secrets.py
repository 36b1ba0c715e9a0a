"""Passwords, hashes and tokens never leave through response bodies or logs."""

import logging
import uuid

import httpx
import pytest

from {{ unit.database }} import Database
from {{ unit.infrastructure }}.unit_of_work import (
    unit_of_work_factory,
)

from tests.auth_fixtures import IDENTITY, new_credentials


class RecordingClient:
    """Calls the identity api and keeps every response body."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client
        self.bodies: list[str] = []

    async def post(
        self,
        path: str,
        *,
        json: dict[str, str] | None = None,
        data: dict[str, str] | None = None,
    ) -> httpx.Response:
        response = await self._client.post(f"{IDENTITY}{path}", json=json, data=data)
        self.bodies.append(response.text)
        return response

    async def get(self, path: str, headers: dict[str, str]) -> httpx.Response:
        response = await self._client.get(f"{IDENTITY}{path}", headers=headers)
        self.bodies.append(response.text)
        return response


async def test_no_password_hash_or_token_in_any_response_body_or_log(
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    client: httpx.AsyncClient,
    database: Database,
    admin_headers: dict[str, str],
) -> None:
    caplog.set_level(logging.INFO)
    api = RecordingClient(client)
    email, password = new_credentials("secret")
    credentials = {"email": email, "password": password}

    registered = await api.post("/register", json=credentials)
    await api.post("/register", json=credentials)
    await api.post("/token", data={"username": email, "password": password + "-wrong"})
    tokens = (await api.post("/token", data={"username": email, "password": password})).json()
    await api.get("/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    rotated = (await api.post("/refresh", json={"refresh_token": tokens["refresh_token"]})).json()
    await api.post("/refresh", json={"refresh_token": tokens["refresh_token"]})
    await api.get("/users", headers=admin_headers)
    await api.post("/logout", json={"refresh_token": rotated["refresh_token"]})

    async with unit_of_work_factory(database)() as uow:
        user = await uow.users.get(uuid.UUID(registered.json()["id"]))
    assert user is not None
    password_hash = user.password_hash
    for body in api.bodies:
        assert password not in body
        assert password_hash not in body
        assert "password_hash" not in body

    logs = caplog.text + "".join(capsys.readouterr())
    assert "login_succeeded" in logs, "the identity events were not captured"
    assert "refresh_token_reused" in logs
    secrets = (password, password_hash, tokens["refresh_token"], rotated["refresh_token"])
    for secret in (*secrets, tokens["access_token"], rotated["access_token"]):
        assert secret not in logs
