"""Failures of key verification, each an error of the shared taxonomy so the api maps it."""

from {{ unit.shared }}.errors import AuthenticationError


class InvalidApiKeyError(AuthenticationError):
    """Malformed, unknown, revoked or expired, as the identity service says: one message for all."""

    def __init__(self) -> None:
        super().__init__("The API key is invalid, revoked or expired.")
