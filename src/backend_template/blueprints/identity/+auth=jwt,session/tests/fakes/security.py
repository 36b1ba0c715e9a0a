"""A fast stand-in for the password hasher."""

import hashlib
from dataclasses import dataclass


@dataclass
class FakePasswordHasher:
    """Digests tagged with a scheme version; bump ``version`` to make old hashes need a rehash."""

    version: int = 1
    dummy_verifications: int = 0
    verifications: int = 0

    async def hash(self, password: str) -> str:
        return f"fake-v{self.version}${hashlib.sha256(password.encode()).hexdigest()}"

    async def verify(self, password: str, password_hash: str) -> bool:
        self.verifications += 1
        return self._matches(password, password_hash)

    async def verify_dummy(self, password: str) -> None:
        self.dummy_verifications += 1
        self._matches(password, "fake-v0$")

    def needs_rehash(self, password_hash: str) -> bool:
        return not password_hash.startswith(f"fake-v{self.version}$")

    @staticmethod
    def _matches(password: str, password_hash: str) -> bool:
        return password_hash.partition("$")[2] == hashlib.sha256(password.encode()).hexdigest()
