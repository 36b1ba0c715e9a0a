"""Failures of cookie sessions, each an error of the shared taxonomy so the api maps it."""

from {{ unit.shared }}.errors import (
    AuthenticationError,
    PermissionDeniedError,
)


class InvalidSessionError(AuthenticationError):
    """A session id that is unknown, ended, expired, or whose user may no longer sign in."""

    def __init__(self) -> None:
        super().__init__("The session is invalid or has expired.")


class CsrfTokenError(PermissionDeniedError):
    """An unsafe request of a cookie session without its synchronizer token."""

    def __init__(self) -> None:
        super().__init__(
            "The CSRF token is missing or wrong; send the token of this session in X-CSRF-Token.",
            details={"reason": "csrf_failed"},
        )
