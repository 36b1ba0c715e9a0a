"""Opaque keyset cursors: where a page ended, signed so that a client can neither forge one nor
carry one over to another query.

A cursor is ``<payload>.<signature>``, both base64url: the payload holds the last item's sort
value and id and a digest of the query (sort and filters) it was issued for; the signature is
an HMAC-SHA256 of the payload with the service's cursor secret.
"""

import base64
import binascii
import hashlib
import hmac
import json
import uuid
from datetime import datetime

from {{ cookiecutter.package_name }}.shared.errors import BadRequestError
from {{ cookiecutter.package_name }}.shared.pagination import Position, SortValue

# How long a cursor may be: a page position and a digest are far shorter.
MAX_CURSOR_LENGTH = 512


class InvalidCursorError(BadRequestError):
    code = "invalid_cursor"

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"The cursor is not valid: {reason}. Start again from the first page.",
            details={"parameter": "cursor"},
        )


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _tagged(value: SortValue) -> list[str | int]:
    if isinstance(value, datetime):
        return ["d", value.isoformat()]
    if isinstance(value, int):
        return ["i", value]
    return ["s", value]


def _untagged(tagged: object) -> SortValue:
    match tagged:
        case ["d", str(text)]:
            return datetime.fromisoformat(text)
        case ["i", int(number)] if not isinstance(number, bool):
            return number
        case ["s", str(text)]:
            return text
    msg = "unreadable sort value"
    raise ValueError(msg)


class CursorCodec:
    """Issues and reads the cursors of one service, with its secret."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self._secret, payload, hashlib.sha256).digest()

    @staticmethod
    def _digest(scope: str) -> str:
        return hashlib.sha256(scope.encode()).hexdigest()[:32]

    def encode(self, position: Position, scope: str) -> str:
        """A cursor for the page after ``position``, valid only for the query named ``scope``."""
        body = [_tagged(position.value), str(position.id), self._digest(scope)]
        payload = json.dumps(body, separators=(",", ":")).encode()
        return f"{_encode(payload)}.{_encode(self._sign(payload))}"

    def decode(self, cursor: str, scope: str) -> Position:
        """The position a cursor holds; refused unless this service issued it for ``scope``."""
        payload_text, _, signature_text = cursor.partition(".")
        if len(cursor) > MAX_CURSOR_LENGTH or not signature_text:
            raise InvalidCursorError("it was not issued by this service")
        try:
            payload, signature = _decode(payload_text), _decode(signature_text)
        except (binascii.Error, ValueError):
            raise InvalidCursorError("it was not issued by this service") from None
        if not hmac.compare_digest(signature, self._sign(payload)):
            raise InvalidCursorError("it was not issued by this service")
        try:
            tagged, identifier, digest = json.loads(payload)
            position = Position(value=_untagged(tagged), id=uuid.UUID(identifier))
        except (ValueError, TypeError):
            raise InvalidCursorError("it was not issued by this service") from None
        if not hmac.compare_digest(str(digest), self._digest(scope)):
            raise InvalidCursorError("it belongs to another sort or other filters")
        return position
