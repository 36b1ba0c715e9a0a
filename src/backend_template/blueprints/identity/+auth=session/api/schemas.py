{%- set wire = json_case(cookiecutter) -%}
"""Request and response bodies of the session endpoints; the session id travels only as a cookie."""

from datetime import datetime

from pydantic import {% if not wire.camel %}BaseModel, {% endif %}ConfigDict, Field, SecretStr

{% if wire.camel -%}
from {{ unit.web }}.camel_case import CamelModel
{% endif -%}
from {{ unit.api }}.user_schemas import UserOut
from {{ unit.application }}.session_views import StartedSession
from {{ unit.domain }}.credentials import (
    MAX_EMAIL_LENGTH,
    MAX_PASSWORD_LENGTH,
)
from {{ unit.shared }}.text import StorableText


class LoginIn({{ wire.model }}):
    model_config = ConfigDict(extra="forbid")

    # A plain string: a malformed address is just invalid credentials, like any other.
    email: StorableText = Field(min_length=1, max_length=MAX_EMAIL_LENGTH)
    password: SecretStr = Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)


class CsrfOut({{ wire.model }}):
    csrf_token: str = Field(description="Send it in X-CSRF-Token on POST, PUT, PATCH and DELETE.")


class SessionOut(CsrfOut):
    expires_at: datetime = Field(description="When the session ends however busy it is.")
    user: UserOut

    @classmethod
    def of(cls, session: StartedSession) -> "SessionOut":
        return cls(
            csrf_token=session.csrf_token,
            expires_at=session.expires_at,
            user=UserOut.of(session.user),
        )
