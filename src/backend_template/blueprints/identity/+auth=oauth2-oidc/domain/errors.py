"""Failures of the identity context, each an error of the shared taxonomy so the api maps it."""

from {{ unit.shared }}.errors import AuthenticationError, ServiceUnavailableError


class InvalidTokenError(AuthenticationError):
    """A token that is malformed, unsigned, forged, expired, or meant for someone else."""

    def __init__(self) -> None:
        super().__init__("The token is invalid or has expired.")


class IdentityProviderUnavailableError(ServiceUnavailableError):
    """The provider's signing keys cannot be fetched: the token may be fine, so not a 401."""

    def __init__(self, *, retry_after: int = 1) -> None:
        super().__init__(
            "The identity provider cannot be reached; try again later.", retry_after=retry_after
        )


class AuthenticationNotConfiguredError(ServiceUnavailableError):
    """No issuer or audience is configured (only possible outside production)."""

    def __init__(self) -> None:
        super().__init__("Authentication is not configured on this server.")
