import uuid

import pytest

from {{ cookiecutter.package_name }}.shared.pagination import (
    PageRequest,
    Position,
    Sort,
    SortDirection,
)


def test_a_page_request_defaults_to_the_first_twenty_items() -> None:
    assert PageRequest() == PageRequest(offset=0, limit=20)


@pytest.mark.parametrize(("offset", "limit"), [(-1, 20), (2**31, 20), (0, 0), (0, 101)])
def test_a_page_request_out_of_bounds_is_refused(offset: int, limit: int) -> None:
    with pytest.raises(ValueError, match="must be"):
        PageRequest(offset=offset, limit=limit)


def test_sort_reads_a_leading_dash_as_descending() -> None:
    assert Sort.parse("-created_at", {"created_at", "name"}) == Sort(
        "created_at", SortDirection.DESC
    )
    assert Sort.parse("name", {"created_at", "name"}) == Sort("name", SortDirection.ASC)


def test_sort_refuses_a_field_that_is_not_allowed_and_names_the_choices() -> None:
    with pytest.raises(ValueError, match="choose one of created_at, name"):
        Sort.parse("password_hash", {"name", "created_at"})


def test_a_page_request_follows_a_position_or_skips_an_offset_not_both() -> None:
    position = Position("alpha", uuid.uuid4())

    assert PageRequest(limit=5, after=position).after == position
    with pytest.raises(ValueError, match="not both"):
        PageRequest(offset=3, after=position)
