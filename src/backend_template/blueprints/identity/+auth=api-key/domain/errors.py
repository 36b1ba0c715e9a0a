"""Failures of the identity context, each an error of the shared taxonomy so the api maps it."""

from {{ unit.shared }}.errors import (
    AuthenticationError,
    ConflictError,
    NotFoundError,
    RuleViolationError,
)


class InvalidApiKeyError(AuthenticationError):
    """Malformed, unknown, wrong secret, revoked or expired: one message for all."""

    def __init__(self) -> None:
        super().__init__("The API key is invalid, revoked or expired.")


class ApiKeyNotFoundError(NotFoundError):
    def __init__(self, key_id: object) -> None:
        super().__init__("API key not found.", details={"id": str(key_id)})


class ApiKeyRevokedError(ConflictError):
    """A revoked key stays revoked: it cannot be rotated back to life."""

    def __init__(self) -> None:
        super().__init__("The API key is revoked.")


class SelfRevocationError(RuleViolationError):
    """A key may not revoke itself, as an admin may not demote itself (rotation replaces it)."""

    def __init__(self) -> None:
        super().__init__("A key cannot revoke itself; rotate it, or revoke it with another key.")


class LastAdminKeyError(ConflictError):
    """Revoking it would leave no usable key able to administer keys."""

    def __init__(self) -> None:
        super().__init__(
            "This is the last usable key with identity:admin; issue another one first."
        )


class KeyIdTakenError(ConflictError):
    """Two keys drew the same public key id (about 1 in 2.8e12 per pair): issue again."""

    def __init__(self) -> None:
        super().__init__("The generated key id is already taken; try again.")


class InvalidScopeError(RuleViolationError):
    def __init__(self, reason: str, invalid: list[str] | None = None) -> None:
        details: dict[str, object] = {"invalid": invalid} if invalid else {}
        super().__init__(f"The scopes are not acceptable: {reason}.", details=details)


class InvalidKeyNameError(RuleViolationError):
    def __init__(self, reason: str) -> None:
        super().__init__(f"The key name is not acceptable: {reason}.")


class InvalidExpiryError(RuleViolationError):
    def __init__(self) -> None:
        super().__init__("The expiry must be a time in the future.")
