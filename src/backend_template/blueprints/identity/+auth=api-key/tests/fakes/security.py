"""A fast stand-in for the key hasher."""

import hashlib
import hmac


class FakeKeyHasher:
    """Tagged SHA-256 digests; counts the comparisons so tests see both paths do the work."""

    def __init__(self) -> None:
        self.comparisons = 0

    def digest(self, key: str) -> str:
        return "fake$" + hashlib.sha256(key.encode()).hexdigest()

    def matches(self, key: str, key_hash: str) -> bool:
        self.comparisons += 1
        return hmac.compare_digest(self.digest(key), key_hash)
