"""In-memory stand-ins for the provider's key endpoint and for the passing of time."""

import asyncio

from {{ unit.domain }}.errors import (
    IdentityProviderUnavailableError,
)
from {{ unit.infrastructure }}.signing_keys import Jwk


class FakeKeySource:
    """Serves ``keys``; counts fetches; ``down`` makes it fail like an unreachable provider."""

    def __init__(self, keys: dict[str, Jwk]) -> None:
        self.keys = dict(keys)
        self.fetches = 0
        self.down = False

    async def fetch(self) -> dict[str, Jwk]:
        self.fetches += 1
        await asyncio.sleep(0)  # a real fetch yields to other requests while it waits
        if self.down:
            raise IdentityProviderUnavailableError
        return dict(self.keys)


class FakeMonotonic:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
