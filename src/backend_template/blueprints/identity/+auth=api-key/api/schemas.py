{%- set wire = json_case(cookiecutter) -%}
"""Request and response bodies of the identity api; only an issued key carries the key itself."""

import uuid
from datetime import datetime

from pydantic import AwareDatetime, {% if not wire.camel %}BaseModel, {% endif %}ConfigDict, Field

{% if wire.camel -%}
from {{ unit.web }}.camel_case import CamelModel
{% endif -%}
from {{ unit.application }}.dto import ApiKeyView, IssuedApiKey
from {{ unit.domain }}.api_key import MAX_NAME_LENGTH, MAX_SCOPES
from {{ unit.shared }}.text import StorableText

MAX_SCOPE_LENGTH = 65


class CreateKeyIn({{ wire.model }}):
    model_config = ConfigDict(extra="forbid")

    name: StorableText = Field(min_length=1, max_length=MAX_NAME_LENGTH, examples=["billing-sync"])
    scopes: list[str] = Field(
        min_length=1,
        max_length=MAX_SCOPES,
        description="Permissions of the key: '*', '<context>:<action>', '<context>:*', '*:read'.",
        examples=[["catalog:read"]],
    )
    expires_at: AwareDatetime | None = Field(
        default=None, description="When the key stops working; omit for a key that never expires."
    )


class RotateKeyIn({{ wire.model }}):
    model_config = ConfigDict(extra="forbid")

    expires_at: AwareDatetime | None = Field(
        default=None, description="A new expiry for the new key; omit to keep the old one's."
    )


class KeyOut({{ wire.model }}):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    key_id: str = Field(description="The public part of the key between the underscores.")
    name: str
    scopes: list[str]
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None = Field(description="Updated at most once a minute.")
    revoked_at: datetime | None

    @classmethod
    def of(cls, key: ApiKeyView) -> "KeyOut":
        return cls.model_validate(key)


class IssuedKeyOut(KeyOut):
    key: str = Field(description="The API key. Shown this once: it cannot be read again.")

    @classmethod
    def issued(cls, issued: IssuedApiKey) -> "IssuedKeyOut":
        return cls(**KeyOut.of(issued.view).model_dump(), key=issued.key)
