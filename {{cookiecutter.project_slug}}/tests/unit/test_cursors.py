import base64
import hmac
import uuid
from datetime import UTC, datetime

import pytest

from {{ cookiecutter.package_name }}.shared.cursors import CursorCodec, InvalidCursorError
from {{ cookiecutter.package_name }}.shared.pagination import Position, SortValue

CODEC = CursorCodec(b"k" * 32)
SCOPE = "sort=name;status=draft"


@pytest.mark.parametrize(
    "value",
    ["Blue mug", "", 0, 2_147_483_647, datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)],
)
def test_a_cursor_gives_back_the_position_it_was_issued_for(value: SortValue) -> None:
    position = Position(value, uuid.uuid4())

    assert CODEC.decode(CODEC.encode(position, SCOPE), SCOPE) == position


def test_a_cursor_is_opaque_url_safe_text() -> None:
    cursor = CODEC.encode(Position("Blue mug", uuid.uuid4()), SCOPE)

    assert "Blue" not in cursor
    assert set(cursor) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")


def test_a_cursor_for_another_query_is_refused() -> None:
    cursor = CODEC.encode(Position(3, uuid.uuid4()), SCOPE)

    with pytest.raises(InvalidCursorError, match="another sort or other filters"):
        CODEC.decode(cursor, "sort=name;status=active")


def test_a_cursor_signed_with_another_secret_is_refused() -> None:
    cursor = CursorCodec(b"o" * 32).encode(Position(3, uuid.uuid4()), SCOPE)

    with pytest.raises(InvalidCursorError, match="not issued by this service"):
        CODEC.decode(cursor, SCOPE)


def test_a_cursor_whose_payload_was_changed_is_refused() -> None:
    cursor = CODEC.encode(Position(3, uuid.uuid4()), SCOPE)
    payload, _, signature = cursor.partition(".")
    changed = CODEC.encode(Position(4, uuid.uuid4()), SCOPE).partition(".")[0]

    with pytest.raises(InvalidCursorError):
        CODEC.decode(f"{changed}.{signature}", SCOPE)
    assert payload != changed


@pytest.mark.parametrize("cursor", ["", ".", "abc", "abc.", "a.b.c", "!!!.???", "x" * 600])
def test_text_that_is_no_cursor_is_refused(cursor: str) -> None:
    with pytest.raises(InvalidCursorError):
        CODEC.decode(cursor, SCOPE)


def test_a_validly_signed_payload_of_the_wrong_shape_is_refused() -> None:
    payload = b'[["x", 1], "not-a-uuid", "digest"]'
    signature = hmac.digest(b"k" * 32, payload, "sha256")
    cursor = b".".join(base64.urlsafe_b64encode(part).rstrip(b"=") for part in (payload, signature))

    with pytest.raises(InvalidCursorError, match="not issued by this service"):
        CODEC.decode(cursor.decode(), SCOPE)
