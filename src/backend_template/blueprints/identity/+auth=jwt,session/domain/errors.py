"""Failures of the identity context, each an error of the shared taxonomy so the api maps it."""

from {{ unit.shared }}.errors import (
    AuthenticationError,
    ConflictError,
    NotFoundError,
    RuleViolationError,
)


class InvalidCredentialsError(AuthenticationError):
    """Wrong email or password, or an account that may not sign in: one message for all."""

    def __init__(self) -> None:
        super().__init__("Invalid credentials.")


class InvalidTokenError(AuthenticationError):
    """A token that is malformed, expired, revoked, or whose user may no longer sign in."""

    def __init__(self) -> None:
        super().__init__("The token is invalid or has expired.")


class EmailAlreadyRegisteredError(ConflictError):
    def __init__(self) -> None:
        super().__init__("This email address is already registered.")


class UserNotFoundError(NotFoundError):
    def __init__(self, user_id: object) -> None:
        super().__init__("User not found.", details={"id": str(user_id)})


class InvalidEmailError(RuleViolationError):
    def __init__(self) -> None:
        super().__init__("The email address is not valid.")


class WeakPasswordError(RuleViolationError):
    def __init__(self, reason: str) -> None:
        super().__init__(f"The password is not acceptable: {reason}.")


class SelfManagementError(RuleViolationError):
    """Admins may not demote or deactivate themselves, so an admin cannot lock everyone out."""

    def __init__(self) -> None:
        super().__init__("You cannot change your own role or status.")
