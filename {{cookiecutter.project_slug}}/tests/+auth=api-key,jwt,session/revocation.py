"""A second process of the service on the same database, to see how fast a revocation reaches it.

Each process remembers the callers it resolved for ``auth_cache_seconds``; a logout, deactivation
or revocation made by one process reaches another within that bound, and no later.
"""

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from {{ cookiecutter.package_name }}.main import create_app
from {{ cookiecutter.package_name }}.shared.settings import Settings

# Short, so that the test waits little; the bound scales with the setting.
CACHE_SECONDS = 1.0
# A loaded test machine may answer late: the margin absorbs it, the bound stays visible.
MARGIN_SECONDS = 1.0


@asynccontextmanager
async def replica(settings: Settings, database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client of another process of the service, remembering callers for CACHE_SECONDS."""
    application = create_app(
        settings.model_copy(
            update={"database_url": database_url, "auth_cache_seconds": CACHE_SECONDS}
        )
    )
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://replica") as http:
            yield http


async def seconds_until_refused(
    http: httpx.AsyncClient, path: str, headers: dict[str, str]
) -> float:
    """How long ``path`` keeps accepting ``headers``, polled until a 401 or past the bound."""
    started = time.monotonic()
    deadline = started + CACHE_SECONDS + MARGIN_SECONDS
    while True:
        response = await http.get(path, headers=headers)
        elapsed = time.monotonic() - started
        if response.status_code == 401:
            return elapsed
        assert response.status_code == 200, response.text
        if time.monotonic() > deadline:
            return elapsed
        await asyncio.sleep(0.05)
