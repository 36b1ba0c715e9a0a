"""The Redis the rate-limit tests count in, with a key prefix of this run's own.

Unreachable, the tests that need it skip, except under CI=true, where they fail.
"""

import os
import secrets
import socket
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import pytest
from redis.asyncio import Redis

REDIS_URL = os.environ.get("APP_TEST_RATE_LIMIT_STORAGE_URL", "redis://127.0.0.1:6379/0")


def redis_reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), 2):
            return True
    except OSError:
        return False


@pytest.fixture
def rate_limit_redis_url() -> str:
    if not redis_reachable(REDIS_URL):
        message = f"no Redis at {REDIS_URL} (set APP_TEST_RATE_LIMIT_STORAGE_URL)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return REDIS_URL


@pytest.fixture
async def rate_limit_prefix(rate_limit_redis_url: str) -> AsyncIterator[str]:
    """A key prefix of this test's own; its keys are deleted afterwards."""
    prefix = f"test-rate-limit-{secrets.token_hex(6)}"
    yield prefix
    client = Redis.from_url(rate_limit_redis_url)
    try:
        keys = [key async for key in client.scan_iter(match=f"{prefix}:*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()
