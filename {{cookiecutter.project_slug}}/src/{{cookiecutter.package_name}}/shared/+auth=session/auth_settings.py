"""Settings of cookie-session authentication, mixed into Settings.

``production_problems()`` lists the unsafe values Settings refuses to start in production with.
"""

from typing import Self

from pydantic import BaseModel, Field, model_validator

# argon2id cost: the defaults are argon2-cffi's RFC 9106 low-memory profile; production refuses
# anything below OWASP's minimum (19 MiB of memory). Tests lower them to stay fast.
MIN_PRODUCTION_HASH_MEMORY_KIB = 19 * 1024


class AuthSettings(BaseModel):
    # How long this process remembers a caller it resolved, instead of reading the database on
    # every request: a logout, deactivation or revocation made by another process takes effect
    # here within this many seconds (one made by this process, at once). 0 remembers nobody.
    auth_cache_seconds: float = Field(default=5.0, ge=0, le=60)
    session_cookie_name: str = Field(default="session", pattern=r"^[A-Za-z0-9_-]{1,64}$")
    session_cookie_secure: bool = Field(
        default=True,
        description="Send the cookie over HTTPS only; may be turned off only outside production.",
    )
    session_idle_timeout_seconds: int = Field(default=30 * 60, ge=1)
    session_absolute_timeout_seconds: int = Field(default=12 * 3600, ge=1)
    session_touch_interval_seconds: int = Field(default=60, ge=0)
    login_max_attempts: int = Field(default=5, ge=1)
    login_window_seconds: int = Field(default=60, ge=1)
    password_hash_time_cost: int = Field(default=3, ge=1)
    password_hash_memory_kib: int = Field(default=64 * 1024, ge=64)

    @model_validator(mode="after")
    def _idle_within_absolute(self) -> Self:
        if self.session_idle_timeout_seconds > self.session_absolute_timeout_seconds:
            msg = (
                "APP_SESSION_IDLE_TIMEOUT_SECONDS must not exceed "
                "APP_SESSION_ABSOLUTE_TIMEOUT_SECONDS"
            )
            raise ValueError(msg)
        return self

    def production_problems(self) -> list[str]:
        """Why these settings are unsafe in production; empty when they are fine."""
        problems: list[str] = []
        if not self.session_cookie_secure:
            problems.append("APP_SESSION_COOKIE_SECURE must be true in production")
        if self.password_hash_memory_kib < MIN_PRODUCTION_HASH_MEMORY_KIB:
            problems.append(
                "APP_PASSWORD_HASH_MEMORY_KIB must be at least "
                f"{MIN_PRODUCTION_HASH_MEMORY_KIB} in production"
            )
        return problems
