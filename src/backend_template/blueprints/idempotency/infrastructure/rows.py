"""What the idempotency stores of every ORM share: the order of a claim, and a claim's columns."""

import base64
import json
from abc import ABC, abstractmethod
from datetime import datetime

from {{ unit.shared }}.idempotency import Claim, KeptResponse

# A claim released between a failed insert and the read that looks for it is tried again;
# past this many rounds something else is wrong.
CLAIM_ATTEMPTS = 3


def kept_columns(response: KeptResponse) -> dict[str, object]:
    """The columns that keep ``response``: its body in base64, so any bytes fit a text column."""
    return {
        "status": response.status,
        "headers": json.dumps([list(header) for header in response.headers]),
        "body": base64.b64encode(response.body).decode("ascii"),
    }


def claim_of(fingerprint: str, status: int | None, headers: str | None, body: str | None) -> Claim:
    """The claim a row holds: its response only once it was completed."""
    if status is None:
        return Claim(fingerprint, None)
    pairs = tuple((str(name), str(value)) for name, value in json.loads(headers or "[]"))
    return Claim(fingerprint, KeptResponse(status, pairs, base64.b64decode(body or "")))


class OrderedClaims(ABC):
    """A claim, in the one order that keeps concurrent retries from deadlocking.

    The insert comes first: deleting an expired claim before it would take a gap lock on
    MariaDB and MySQL, and two retries arriving together would deadlock on it. Each step runs
    in a transaction of its own; the ORM's store says how.
    """

    async def claim(
        self, key: str, fingerprint: str, now: datetime, until: datetime
    ) -> Claim | None:
        for _ in range(CLAIM_ATTEMPTS):
            if await self._insert(key, fingerprint, until):
                return None
            # Someone holds it: theirs is the claim, unless it lapsed or ended in the meantime.
            held = await self._held(key, now)
            if held is not None:
                return held
        msg = f"the idempotency key was claimed and released {CLAIM_ATTEMPTS} times over"
        raise RuntimeError(msg)

    @abstractmethod
    async def _insert(self, key: str, fingerprint: str, until: datetime) -> bool:
        """Store a new claim on ``key``; False when the key is taken."""

    @abstractmethod
    async def _held(self, key: str, now: datetime) -> Claim | None:
        """The claim on ``key``; None once a lapsed one is deleted, or when none is left."""
