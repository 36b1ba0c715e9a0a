import pytest
from pydantic import TypeAdapter, ValidationError

from {{ cookiecutter.package_name }}.shared.text import STORABLE_PATTERN, StorableText

TEXT = TypeAdapter(StorableText)


def test_storable_text_keeps_any_unicode_a_database_can_store() -> None:
    assert TEXT.validate_python("Blue mug \u00e9\U0001f600") == "Blue mug \u00e9\U0001f600"


@pytest.mark.parametrize(
    ("value", "reason"),
    [("a\x00b", "NUL character"), ("a\ud800b", "lone surrogate")],
)
def test_storable_text_refuses_what_a_database_cannot_store(value: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        TEXT.validate_python(value)


def test_storable_text_documents_its_rule_as_a_pattern() -> None:
    assert TEXT.json_schema()["pattern"] == STORABLE_PATTERN
