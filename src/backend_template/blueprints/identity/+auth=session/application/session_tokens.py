"""Session ids and CSRF tokens are random; of a session id only its SHA-256 digest is stored."""

import hashlib
import secrets

SESSION_ID_BYTES = 32
CSRF_TOKEN_BYTES = 32


def new_session_id() -> str:
    return secrets.token_urlsafe(SESSION_ID_BYTES)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(CSRF_TOKEN_BYTES)


def hash_session_id(session_id: str) -> str:
    """A fast digest is enough: the id has 256 random bits, nothing to brute-force."""
    return hashlib.sha256(session_id.encode()).hexdigest()
