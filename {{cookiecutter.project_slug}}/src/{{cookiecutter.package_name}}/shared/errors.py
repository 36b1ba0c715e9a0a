"""The error taxonomy every layer raises; the api layer maps each code to one HTTP status."""

from collections.abc import Mapping
from typing import ClassVar


class AppError(Exception):
    """An expected failure with a stable machine-readable code and a message safe to show."""

    code: ClassVar[str] = "internal_error"

    def __init__(self, message: str, *, details: Mapping[str, object] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details: dict[str, object] = dict(details or {})


class BadRequestError(AppError):
    """The request cannot be understood as sent: an unknown query parameter, a forged cursor."""

    code = "bad_request"


class NotFoundError(AppError):
    code = "not_found"


class ConflictError(AppError):
    code = "conflict"


class ConcurrentUpdateError(ConflictError):
    code = "concurrent_update"


class PreconditionFailedError(AppError):
    """A condition the caller set (If-Match) does not hold: the resource has moved on."""

    code = "precondition_failed"


class RuleViolationError(AppError):
    """A domain invariant would be broken by the request."""

    code = "rule_violation"


class AuthenticationError(AppError):
    code = "unauthenticated"


class PermissionDeniedError(AppError):
    code = "forbidden"


class ServiceUnavailableError(AppError):
    """A dependency (the database, another service) cannot serve the request right now."""

    code = "unavailable"

    def __init__(
        self,
        message: str,
        *,
        retry_after: int | None = None,
        details: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message, details=details)
        # Seconds a client should wait before trying again (the response's Retry-After), when
        # the dependency knows; otherwise the service's configured default applies.
        self.retry_after = retry_after


class RateLimitedError(AppError):
    code = "rate_limited"

    def __init__(
        self,
        message: str,
        *,
        retry_after: int,
        details: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message, details=details)
        self.retry_after = retry_after
