"""How a kept response is written into a claim's columns, and read back, on every ORM."""

import base64
import json

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
