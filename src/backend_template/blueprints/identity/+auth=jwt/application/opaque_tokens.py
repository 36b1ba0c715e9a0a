"""Refresh tokens are random strings shown once; only their SHA-256 digest is stored."""

import hashlib
import secrets

REFRESH_TOKEN_BYTES = 32


def new_refresh_token() -> str:
    return secrets.token_urlsafe(REFRESH_TOKEN_BYTES)


def hash_refresh_token(token: str) -> str:
    """A fast digest is enough: the token has 256 random bits, nothing to brute-force."""
    return hashlib.sha256(token.encode()).hexdigest()
