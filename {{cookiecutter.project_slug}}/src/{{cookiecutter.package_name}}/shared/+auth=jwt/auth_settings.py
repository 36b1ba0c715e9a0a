"""Settings of JWT authentication, mixed into Settings.

Every auth variant provides ``AuthSettings`` with ``production_problems()``, which Settings
calls to refuse starting in production with unsafe values.
"""

import secrets

from pydantic import BaseModel, Field, SecretStr, field_validator

MIN_SECRET_LENGTH = 32

# argon2id cost: the defaults are argon2-cffi's RFC 9106 low-memory profile; production refuses
# anything below OWASP's minimum (19 MiB of memory). Tests lower them to stay fast.
MIN_PRODUCTION_HASH_MEMORY_KIB = 19 * 1024

# Used only outside production when APP_JWT_SECRET is unset: tokens die with the process.
_EPHEMERAL_SECRET = secrets.token_urlsafe(48)

KEY_GENERATION_COMMAND = "python -c 'import secrets; print(secrets.token_urlsafe(48))'"


class AuthSettings(BaseModel):
    jwt_secret: SecretStr | None = None
    jwt_algorithm: str = "HS256"
    jwt_issuer: str = "{{ cookiecutter.project_slug }}"
    jwt_audience: str = "{{ cookiecutter.project_slug }}"
    access_token_ttl_seconds: int = Field(default=900, ge=1)
    refresh_token_ttl_seconds: int = Field(default=14 * 24 * 3600, ge=1)
    login_max_attempts: int = Field(default=5, ge=1)
    login_window_seconds: int = Field(default=60, ge=1)
    password_hash_time_cost: int = Field(default=3, ge=1)
    password_hash_memory_kib: int = Field(default=64 * 1024, ge=64)

    @field_validator("jwt_secret")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_SECRET_LENGTH:
            msg = (
                f"APP_JWT_SECRET must be at least {MIN_SECRET_LENGTH} characters; "
                f"generate one with: {KEY_GENERATION_COMMAND}"
            )
            raise ValueError(msg)
        return value

    @property
    def uses_ephemeral_jwt_secret(self) -> bool:
        """Whether tokens are signed with a random per-process secret (APP_JWT_SECRET unset)."""
        return self.jwt_secret is None

    def jwt_signing_key(self) -> str:
        """The key that signs and verifies tokens: APP_JWT_SECRET, else the per-process secret."""
        if self.jwt_secret is None:
            return _EPHEMERAL_SECRET
        return self.jwt_secret.get_secret_value()

    def production_problems(self) -> list[str]:
        """Why these settings are unsafe in production; empty when they are fine."""
        problems: list[str] = []
        if self.jwt_secret is None:
            problems.append(
                "APP_JWT_SECRET must be set in production (at least "
                f"{MIN_SECRET_LENGTH} characters); generate one with: {KEY_GENERATION_COMMAND}"
            )
        if self.password_hash_memory_kib < MIN_PRODUCTION_HASH_MEMORY_KIB:
            problems.append(
                "APP_PASSWORD_HASH_MEMORY_KIB must be at least "
                f"{MIN_PRODUCTION_HASH_MEMORY_KIB} in production"
            )
        return problems
