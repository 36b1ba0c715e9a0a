"""Settings of API key authentication, mixed into Settings.

``production_problems()`` lists the unsafe values Settings refuses to start in production with.
"""

from pydantic import {% if cookiecutter._key_role != "issuer" %}BaseModel, {% endif %}Field, SecretStr, field_validator
{%- if cookiecutter._key_role == "issuer" %}

from {{ cookiecutter.package_name }}.shared.key_verification_settings import (
    KeyVerificationSettings,
)
{%- endif %}

MIN_PEPPER_LENGTH = 32

KEY_GENERATION_COMMAND = "python -c 'import secrets; print(secrets.token_urlsafe(48))'"


class AuthSettings({{ "KeyVerificationSettings" if cookiecutter._key_role == "issuer" else "BaseModel" }}):
    # How long this process remembers a caller it resolved, instead of reading the database on
    # every request: a logout, deactivation or revocation made by another process takes effect
    # here within this many seconds (one made by this process, at once). 0 remembers nobody.
    auth_cache_seconds: float = Field(default=5.0, ge=0, le=60)
    api_key_pepper: SecretStr | None = Field(
        default=None,
        description="HMAC key for the stored key digests; changing it invalidates every key.",
    )
    api_key_prefix: str = Field(
        default="{{ cookiecutter.package_name.replace('_', '')[:16] }}",
        pattern=r"^[a-z][a-z0-9]{0,15}$",
        description="The visible start of every issued key, so that scanners recognise it.",
    )
    api_key_last_used_interval_seconds: int = Field(
        default=60,
        ge=0,
        description="A key's last-used time is written at most once per this many seconds.",
    )

    @field_validator("api_key_pepper")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_PEPPER_LENGTH:
            msg = (
                f"APP_API_KEY_PEPPER must be at least {MIN_PEPPER_LENGTH} characters; "
                f"generate one with: {KEY_GENERATION_COMMAND}"
            )
            raise ValueError(msg)
        return value

    @property
    def uses_unpeppered_api_key_hashes(self) -> bool:
        """Whether keys are digested with plain SHA-256 (APP_API_KEY_PEPPER unset)."""
        return self.api_key_pepper is None

    def api_key_pepper_bytes(self) -> bytes | None:
        if self.api_key_pepper is None:
            return None
        return self.api_key_pepper.get_secret_value().encode()

    def production_problems(self) -> list[str]:
        """Why these settings are unsafe in production; empty when they are fine."""
        problems: list[str] = {{ "self.key_verification_problems()" if cookiecutter._key_role == "issuer" else "[]" }}
        if self.api_key_pepper is None:
            problems.append(
                "APP_API_KEY_PEPPER must be set in production (at least "
                f"{MIN_PEPPER_LENGTH} characters); generate one with: {KEY_GENERATION_COMMAND}"
            )
        return problems
