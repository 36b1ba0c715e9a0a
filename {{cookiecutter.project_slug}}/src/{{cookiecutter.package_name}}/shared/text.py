"""Text a client may send: what every supported database can store, refused at validation.

Every request schema types its free text with ``StorableText`` (names, descriptions, search
terms, sign-in fields), so that such input is a 422 in the error envelope, never a driver error.
"""

from typing import Annotated

from pydantic import AfterValidator, Field

# PostgreSQL text cannot hold U+0000; documented as a pattern so that clients and contract
# tests know it, and checked by ``storable`` for a message that says what to fix.
STORABLE_PATTERN = r"^[^\x00]*$"


def storable(value: str) -> str:
    """The value, if a database can store it: no NUL character and no lone surrogate."""
    if "\x00" in value:
        msg = "must not contain the NUL character (U+0000)"
        raise ValueError(msg)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        msg = "must be valid Unicode text: it holds a lone surrogate"
        raise ValueError(msg) from None
    return value


StorableText = Annotated[
    str,
    AfterValidator(storable),
    Field(json_schema_extra={"pattern": STORABLE_PATTERN}),
]
