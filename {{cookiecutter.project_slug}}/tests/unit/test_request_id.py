import pytest

from {{ cookiecutter.package_name }}.api.middleware import accepted_request_id


@pytest.mark.parametrize("value", ["abc", "A-b_c.9", "x" * 128, "0f9e5c1d-7a2b-4c3d-9e8f"])
def test_sane_request_ids_are_accepted(value: str) -> None:
    assert accepted_request_id(value) == value


@pytest.mark.parametrize(
    "value", [None, "", "x" * 129, "has space", "semi;colon", "new\nline", "é"]
)
def test_other_request_ids_are_refused(value: str | None) -> None:
    assert accepted_request_id(value) is None
