{%- set wire = json_case(cookiecutter) -%}
"""Request and response bodies of the {{ unit.name }} endpoints."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import {% if not wire.camel %}BaseModel, {% endif %}BeforeValidator, ConfigDict, Field

{% if wire.camel -%}
from {{ unit.web }}.camel_case import CamelModel
{% endif -%}
from {{ unit.domain }}.model import (
    DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    QUANTITY_MAX,
    {{ unit.entity_class }}Status,
)
from {{ unit.shared }}.text import StorableText

Name = Annotated[
    StorableText,
    Field(min_length=1, max_length=NAME_MAX_LENGTH, examples=["Blue mug"]),
]
Description = Annotated[
    StorableText,
    Field(max_length=DESCRIPTION_MAX_LENGTH, examples=["Stoneware, 350 ml, dishwasher safe."]),
]


def not_a_boolean(value: object) -> object:
    """JSON true and false are not numbers, though Python counts them as 1 and 0."""
    if isinstance(value, bool):
        msg = "must be a number, not true or false"
        raise ValueError(msg)
    return value


# After the constraints, so that they stay in the document as minimum and maximum.
NOT_A_BOOLEAN = BeforeValidator(not_a_boolean)
Version = Annotated[
    int,
    Field(ge=1, description="The version you last read; the change fails if it moved since."),
    NOT_A_BOOLEAN,
]


class {{ unit.entity_class }}Create({{ wire.model }}):
    model_config = ConfigDict(extra="forbid")

    name: Name
    description: Description = ""
    quantity: Annotated[int, Field(ge=0, le=QUANTITY_MAX, examples=[12]), NOT_A_BOOLEAN] = 0


class {{ unit.entity_class }}Replace({{ wire.model }}):
    """Every editable field; the version may come here or in an If-Match header."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    description: Description
    version: Version | None = None


class {{ unit.entity_class }}Patch({{ wire.model }}):
    """Only the fields to change; the version may come here or in an If-Match header."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    description: Description | None = None
    version: Version | None = None


class {{ unit.entity_class }}QuantityAdjustment({{ wire.model }}):
    model_config = ConfigDict(extra="forbid")

    delta: Annotated[
        int,
        Field(
            ge=-QUANTITY_MAX,
            le=QUANTITY_MAX,
            description="Added to the quantity; negative to take away. Never zero.",
            examples=[5, -2],
        ),
        NOT_A_BOOLEAN,
    ]
    version: Version | None = None


class {{ unit.entity_class }}Out({{ wire.model }}):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    description: str
    quantity: int
    status: {{ unit.entity_class }}Status
    created_at: datetime
    updated_at: datetime
    version: int
