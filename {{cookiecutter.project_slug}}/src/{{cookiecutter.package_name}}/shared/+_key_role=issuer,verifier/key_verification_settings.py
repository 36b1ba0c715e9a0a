"""The secret that guards the identity service's internal key check, mixed into AuthSettings.

The identity service answers the check only for callers presenting this secret (compared in
constant time); every service that verifies keys through it presents the same value.
"""

from pydantic import BaseModel, Field, SecretStr, field_validator

MIN_SECRET_LENGTH = 32
RANDOM_VALUE_COMMAND = "python -c 'import secrets; print(secrets.token_urlsafe(48))'"


class KeyVerificationSettings(BaseModel):
    key_verification_secret: SecretStr | None = Field(
        default=None,
        description="Shared by the services and the identity service; guards its key check.",
    )

    @field_validator("key_verification_secret")
    @classmethod
    def _secret_long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_SECRET_LENGTH:
            msg = (
                f"APP_KEY_VERIFICATION_SECRET must be at least {MIN_SECRET_LENGTH} characters; "
                f"generate one with: {RANDOM_VALUE_COMMAND}"
            )
            raise ValueError(msg)
        return value

    def key_verification_problems(self) -> list[str]:
        """Why the key check is unsafe to run in production; empty when it is fine."""
        if self.key_verification_secret is None:
            return [
                "APP_KEY_VERIFICATION_SECRET must be set in production (at least "
                f"{MIN_SECRET_LENGTH} characters, the same in every service); generate one "
                f"with: {RANDOM_VALUE_COMMAND}"
            ]
        return []
