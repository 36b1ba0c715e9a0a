"""Request and response bodies of the {{ unit.name }} endpoints."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from {{ unit.domain }}.model import (
    DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    QUANTITY_MAX,
    {{ unit.entity_class }}Status,
)

Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX_LENGTH, examples=["Blue mug"])]
Description = Annotated[
    str,
    Field(max_length=DESCRIPTION_MAX_LENGTH, examples=["Stoneware, 350 ml, dishwasher safe."]),
]
Version = Annotated[
    int,
    Field(ge=1, description="The version you last read; the change fails if it moved since."),
]


class {{ unit.entity_class }}Create(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    description: Description = ""
    quantity: Annotated[int, Field(ge=0, le=QUANTITY_MAX, examples=[12])] = 0


class {{ unit.entity_class }}Replace(BaseModel):
    """Every editable field; the version may come here or in an If-Match header."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    description: Description
    version: Version | None = None


class {{ unit.entity_class }}Patch(BaseModel):
    """Only the fields to change; the version may come here or in an If-Match header."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    description: Description | None = None
    version: Version | None = None


class {{ unit.entity_class }}QuantityAdjustment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    delta: Annotated[
        int,
        Field(
            ge=-QUANTITY_MAX,
            le=QUANTITY_MAX,
            description="Added to the quantity; negative to take away. Never zero.",
            examples=[5, -2],
        ),
    ]
    version: Version | None = None


class {{ unit.entity_class }}Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    description: str
    quantity: int
    status: {{ unit.entity_class }}Status
    created_at: datetime
    updated_at: datetime
    version: int
