"""Who may do what on a context's routes: reading needs its read permission, writing its write.

Each context runs these checks on its own routes: its test module subclasses ``AccessChecks``
with ``base``, the path of its collection, and ``scope``, the prefix of its permissions.
"""

import uuid
from typing import ClassVar

import httpx
import pytest

from tests.api.helpers import create, error_of
from tests.auth_fixtures import AUTHENTICATION_CHALLENGE

# A method, a path below the collection and a body the route accepts.
Call = tuple[str, str, dict[str, object] | None]

ID = uuid.UUID(int=1)
WRITES: list[Call] = [
    ("POST", "", {"name": "Alpha"}),
    ("PUT", f"/{ID}", {"name": "Alpha", "description": ""}),
    ("PATCH", f"/{ID}", {"name": "Alpha"}),
    ("DELETE", f"/{ID}", None),
    ("POST", f"/{ID}/activate", None),
    ("POST", f"/{ID}/archive", None),
    ("POST", f"/{ID}/quantity-adjustments", {"delta": 1}),
]
READS: list[Call] = [("GET", "", None), ("GET", f"/{ID}", None)]


class AccessChecks:
    """The access checks on the routes under ``base``, guarded by the permissions of ``scope``."""

    base: ClassVar[str]
    scope: ClassVar[str]

    @pytest.mark.parametrize(("method", "path", "body"), READS + WRITES)
    async def test_every_endpoint_is_401_without_credentials(
        self,
        client: httpx.AsyncClient,
        method: str,
        path: str,
        body: dict[str, object] | None,
    ) -> None:
        response = await client.request(method, f"{self.base}{path}", json=body)

        assert response.status_code == 401
        assert error_of(response)["code"] == "unauthenticated"
        assert response.headers.get("WWW-Authenticate") == AUTHENTICATION_CHALLENGE

    @pytest.mark.parametrize(("method", "path", "body"), WRITES)
    async def test_a_plain_user_may_not_write(
        self,
        client: httpx.AsyncClient,
        user_headers: dict[str, str],
        method: str,
        path: str,
        body: dict[str, object] | None,
    ) -> None:
        response = await client.request(
            method, f"{self.base}{path}", json=body, headers=user_headers
        )

        assert response.status_code == 403
        error = error_of(response)
        assert error["code"] == "forbidden"
        assert error["details"] == {"permission": f"{self.scope}:write"}

    async def test_a_plain_user_may_read(
        self,
        client: httpx.AsyncClient,
        admin_headers: dict[str, str],
        user_headers: dict[str, str],
    ) -> None:
        created = await create(client, self.base, admin_headers, "Alpha")

        listed = await client.get(self.base, headers=user_headers)
        read = await client.get(f"{self.base}/{created['id']}", headers=user_headers)

        assert (listed.status_code, listed.json()["meta"]["total"]) == (200, 1)
        assert (read.status_code, read.json()["name"]) == (200, "Alpha")

    async def test_an_editor_may_write_and_read(
        self, client: httpx.AsyncClient, editor_headers: dict[str, str]
    ) -> None:
        created = await create(client, self.base, editor_headers, "Alpha")

        renamed = await client.patch(
            f"{self.base}/{created['id']}",
            json={"name": "Beta", "version": created["version"]},
            headers=editor_headers,
        )
        listed = await client.get(self.base, headers=editor_headers)

        assert (renamed.status_code, renamed.json()["name"]) == (200, "Beta")
        assert (listed.status_code, listed.json()["meta"]["total"]) == (200, 1)
