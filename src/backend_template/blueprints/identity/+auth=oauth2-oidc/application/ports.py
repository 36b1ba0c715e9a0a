"""What identifying a caller needs from the outside world."""

from collections.abc import Mapping
from typing import Any, Protocol


class AccessTokenVerifier(Protocol):
    async def verify(self, token: str) -> Mapping[str, Any]:
        """The token's claims once its signature and validity are checked; raises otherwise."""
        ...
