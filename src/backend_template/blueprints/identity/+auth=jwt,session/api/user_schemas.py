{%- set wire = json_case(cookiecutter) -%}
"""Request and response bodies about accounts; no schema carries a password hash."""

import uuid
from datetime import datetime

from pydantic import {% if not wire.camel %}BaseModel, {% endif %}ConfigDict, EmailStr, Field, SecretStr

{% if wire.camel -%}
from {{ unit.web }}.camel_case import CamelModel
{% endif -%}
from {{ unit.application }}.dto import UserView
from {{ unit.domain }}.credentials import (
    MAX_EMAIL_LENGTH,
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
)
from {{ unit.domain }}.user import Role


class RegisterIn({{ wire.model }}):
    model_config = ConfigDict(extra="forbid")

    email: EmailStr = Field(max_length=MAX_EMAIL_LENGTH)
    password: SecretStr = Field(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH)


class RoleIn({{ wire.model }}):
    model_config = ConfigDict(extra="forbid")

    role: Role


class StatusIn({{ wire.model }}):
    model_config = ConfigDict(extra="forbid")

    active: bool = Field(description="False deactivates the account and ends all its sessions.")


class UserOut({{ wire.model }}):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    role: Role
    is_active: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, user: UserView) -> "UserOut":
        return cls.model_validate(user)
