"""Rate-limit budgets and the port of the store that counts them, shared by every replica or not.

A budget allows ``limit`` hits per key in a window that opens with the key's first hit (a fixed
window anchored on the key): cheap to count atomically, and what ``Retry-After`` and the IETF
``RateLimit`` headers describe exactly (hits left, seconds until the window closes).
"""

import math
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Budget:
    """``limit`` hits per ``window_seconds``, under a policy ``name`` (sign-in, write, read)."""

    name: str
    limit: int
    window_seconds: int

    def __post_init__(self) -> None:
        if self.limit < 1 or self.window_seconds < 1:
            msg = f"budget {self.name!r}: the limit and the window must be at least 1"
            raise ValueError(msg)


@dataclass(frozen=True, slots=True)
class Count:
    """A key's hits in its current window and the seconds until that window closes."""

    hits: int
    resets_in: float

    def seconds_left(self) -> int:
        """Whole seconds until the window closes, at least 1 (what Retry-After says)."""
        return max(1, math.ceil(self.resets_in))


class RateLimitStore(Protocol):
    """Counts hits per key in windows; shared by every replica when it lives in Redis."""

    async def hit(self, key: str, window_seconds: int) -> Count:
        """Count one hit on ``key`` (opening a window when it has none) and return the count."""
        ...

    async def peek(self, key: str) -> Count | None:
        """The key's count in its open window, without counting; None when it has none."""
        ...

    async def forget(self, key: str) -> None:
        """Close the key's window: it starts from zero."""
        ...

    async def close(self) -> None:
        """Release the store's connections."""
        ...
