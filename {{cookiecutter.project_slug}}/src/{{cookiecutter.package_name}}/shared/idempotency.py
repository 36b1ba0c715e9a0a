"""Idempotency keys: what is kept of a first response, and the port of the store that keeps it.

A client sends ``Idempotency-Key`` with a write it may retry (draft-ietf-httpapi-idempotency-key-
header). The first request with a key *claims* it; its response is *completed* into the claim and
replayed to every retry of the same request; a failure *releases* the claim so a retry runs anew.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class KeptResponse:
    """The response a retry gets again: status, the headers that describe it, and its body."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


@dataclass(frozen=True)
class Claim:
    """A key someone claimed first: its request's fingerprint, and its response once known."""

    fingerprint: str
    response: KeptResponse | None


class IdempotencyStore(Protocol):
    """The claims, keyed by a digest of the caller and their key."""

    async def claim(
        self, key: str, fingerprint: str, now: datetime, until: datetime
    ) -> Claim | None:
        """Claim ``key`` until ``until`` unless a live claim holds it; that claim, or None."""
        ...

    async def complete(self, key: str, response: KeptResponse, until: datetime) -> None:
        """Keep ``response`` in the claim of ``key``, to be replayed until ``until``."""
        ...

    async def release(self, key: str) -> None:
        """Drop the unfinished claim of ``key``: the next request with it runs anew."""
        ...

    async def purge(self, now: datetime) -> int:
        """Delete the claims that expired before ``now``; return how many."""
        ...
