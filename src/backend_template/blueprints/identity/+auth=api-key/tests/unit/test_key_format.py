"""The text of a key: generated with the project prefix, parsed strictly."""

import pytest

from {{ unit.domain }}.key_format import (
    KEY_ID_LENGTH,
    SECRET_LENGTH,
    new_key,
    parse_key,
)


def test_a_new_key_is_prefix_key_id_and_a_long_secret() -> None:
    parts = new_key("acme")

    prefix, key_id, secret = parts.text.split("_", 2)
    assert (prefix, key_id, secret) == ("acme", parts.key_id, parts.secret)
    assert len(key_id) == KEY_ID_LENGTH
    assert len(secret) == SECRET_LENGTH
    assert parse_key(parts.text) == parts


def test_new_keys_differ_and_never_show_their_secret_in_repr() -> None:
    first, second = new_key("acme"), new_key("acme")

    assert first.key_id != second.key_id
    assert first.secret != second.secret
    assert first.secret not in repr(first)


def test_a_prefix_that_breaks_the_format_is_refused() -> None:
    with pytest.raises(ValueError, match="prefix"):
        new_key("has_underscore")


def test_secrets_with_underscores_and_dashes_parse() -> None:
    text = "acme_abcd1234_" + "_-" * 21 + "x"

    parts = parse_key(text)

    assert parts is not None
    assert (parts.prefix, parts.key_id, parts.secret) == ("acme", "abcd1234", "_-" * 21 + "x")


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "acme",
        "acme_abcd1234",
        "acme_abcd1234_short",
        "acme_ABCD1234_" + "a" * SECRET_LENGTH,
        "acme_abcd123_" + "a" * SECRET_LENGTH,
        "acme_abcd1234_" + "a" * (SECRET_LENGTH + 1),
        "acme_abcd1234_" + "a" * (SECRET_LENGTH - 1) + "=",
        "Bearer acme_abcd1234_" + "a" * SECRET_LENGTH,
        "acme_abcd1234_" + "a" * SECRET_LENGTH + "\n",
        "x" * 10_000,
    ],
)
def test_anything_else_is_not_a_key(raw: str) -> None:
    assert parse_key(raw) is None
