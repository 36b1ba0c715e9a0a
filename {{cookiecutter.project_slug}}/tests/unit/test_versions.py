"""Where the expected version comes from over HTTP: If-Match and/or the body."""

import pytest
from fastapi.exceptions import RequestValidationError

from {{ cookiecutter.package_name }}.api.versions import (
    NO_VERSION,
    etag,
    expected_version,
    parse_if_match,
)
from {{ cookiecutter.package_name }}.shared.errors import PreconditionFailedError


@pytest.mark.parametrize(
    ("header", "version"),
    [('"3"', 3), (' "12" ', 12), ("*", None), (None, None), ("", None)],
)
def test_if_match_names_the_version_of_its_entity_tag_and_star_any(
    header: str | None,
    version: int | None,
) -> None:
    assert parse_if_match(header) == version


def test_a_weak_entity_tag_matches_no_version_since_if_match_compares_strongly() -> None:
    assert parse_if_match('W/"3"') == NO_VERSION


@pytest.mark.parametrize("header", ['"abc"', "3", '"1", "2"', '"-1"'])
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
    with pytest.raises(PreconditionFailedError, match="cannot both be current"):
        expected_version('"4"', 5)
