"""JSON in camelCase on the wire, snake_case in Python: the base of every request and response."""

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class CamelModel(BaseModel):
    """Reads and writes each field under its camelCase name: ``createdAt`` for ``created_at``.

    A response is validated from a use case's result by attribute name, and is written by
    alias, in the OpenAPI document as on the wire; a request may name a field either way.
    """

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_alias=True,
        validate_by_name=True,
        serialize_by_alias=True,
    )
