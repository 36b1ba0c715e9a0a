"""Where the expected version comes from over HTTP: If-Match and/or the body."""

import pytest
from fastapi.exceptions import RequestValidationError

from {{ unit.api }}.versions import (
    etag,
    expected_version,
    parse_if_match,
)


@pytest.mark.parametrize(
    ("header", "version"),
    [('"3"', 3), ('W/"3"', 3), ("3", 3), (" 12 ", 12), (None, None), ("", None)],
)
def test_if_match_accepts_strong_weak_and_bare_versions(
    header: str | None,
    version: int | None,
) -> None:
    assert parse_if_match(header) == version


@pytest.mark.parametrize("header", ['"abc"', "*", '"1", "2"', '"-1"'])
def test_if_match_that_is_not_one_version_number_is_a_validation_error(header: str) -> None:
    with pytest.raises(RequestValidationError) as caught:
        parse_if_match(header)

    assert caught.value.errors()[0]["loc"] == ("header", "if-match")


def test_etag_round_trips_through_if_match() -> None:
    assert parse_if_match(etag(7)) == 7


def test_the_body_version_is_used_when_there_is_no_header() -> None:
    assert expected_version(None, 4) == 4
    assert expected_version(None, None) is None


def test_the_header_and_the_body_must_agree() -> None:
    assert expected_version('"4"', 4) == 4
    assert expected_version('"4"', None) == 4
    with pytest.raises(RequestValidationError):
        expected_version('"4"', 5)
