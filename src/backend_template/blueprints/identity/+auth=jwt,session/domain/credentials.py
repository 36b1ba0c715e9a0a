"""Rules for what may be registered as an email address and as a password."""

from {{ unit.domain }}.errors import (
    InvalidEmailError,
    WeakPasswordError,
)

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 128
# The longest address mail can be delivered to: RFC 5321's path of 256 octets less its angle
# brackets. The column holds 320 (RFC 3696's sum of the parts), which no valid address reaches.
MAX_EMAIL_LENGTH = 254


def normalise_email(raw: str) -> str:
    """The canonical (trimmed, lowercase) form of an address; raises when it is not one."""
    email = raw.strip().lower()
    local, at, domain = email.rpartition("@")
    shaped = bool(at and local and domain) and "." in domain.strip(".")
    if not shaped or len(email) > MAX_EMAIL_LENGTH or any(char.isspace() for char in email):
        raise InvalidEmailError
    return email


def check_password(password: str, email: str) -> None:
    """Raise WeakPasswordError unless ``password`` is acceptable for the account ``email``."""
    if len(password) < MIN_PASSWORD_LENGTH:
        msg = f"use at least {MIN_PASSWORD_LENGTH} characters"
        raise WeakPasswordError(msg)
    if len(password) > MAX_PASSWORD_LENGTH:
        msg = f"use at most {MAX_PASSWORD_LENGTH} characters"
        raise WeakPasswordError(msg)
    if password.strip().lower() == email.strip().lower():
        msg = "it must not be the email address"
        raise WeakPasswordError(msg)
