"""API keys digested with HMAC-SHA-256 under the server's pepper (plain SHA-256 without one).

A key carries 256 random bits, so a fast digest cannot be brute-forced; the pepper, kept out
of the database, makes a stolen table useless on its own. Changing the pepper invalidates
every stored key.
"""

import hashlib
import hmac

from {{ unit.shared }}.settings import Settings


class HmacKeyHasher:
    def __init__(self, pepper: bytes | None) -> None:
        self._pepper = pepper

    @classmethod
    def from_settings(cls, settings: Settings) -> "HmacKeyHasher":
        return cls(settings.api_key_pepper_bytes())

    @property
    def is_peppered(self) -> bool:
        return self._pepper is not None

    def digest(self, key: str) -> str:
        if self._pepper is None:
            return hashlib.sha256(key.encode()).hexdigest()
        return hmac.new(self._pepper, key.encode(), hashlib.sha256).hexdigest()

    def matches(self, key: str, key_hash: str) -> bool:
        return hmac.compare_digest(self.digest(key), key_hash)
