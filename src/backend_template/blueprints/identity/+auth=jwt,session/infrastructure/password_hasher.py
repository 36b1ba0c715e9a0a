"""Password hashing with argon2id (pwdlib), run off the event loop because it is slow by design."""

import asyncio
import secrets

from argon2 import DEFAULT_MEMORY_COST, DEFAULT_TIME_COST
from pwdlib import PasswordHash
from pwdlib.exceptions import UnknownHashError
from pwdlib.hashers.argon2 import Argon2Hasher


class Argon2PasswordHasher:
    """Defaults are argon2-cffi's (RFC 9106 low-memory profile); raising them triggers rehashes."""

    def __init__(
        self,
        *,
        time_cost: int = DEFAULT_TIME_COST,
        memory_cost: int = DEFAULT_MEMORY_COST,
    ) -> None:
        self._argon2 = Argon2Hasher(time_cost=time_cost, memory_cost=memory_cost)
        self._passwords = PasswordHash((self._argon2,))
        self._dummy_hash = self._passwords.hash(secrets.token_urlsafe(16))

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._passwords.hash, password)

    async def verify(self, password: str, password_hash: str) -> bool:
        return await asyncio.to_thread(self._verify, password, password_hash)

    async def verify_dummy(self, password: str) -> None:
        await asyncio.to_thread(self._verify, password, self._dummy_hash)

    def needs_rehash(self, password_hash: str) -> bool:
        if not self._argon2.identify(password_hash):
            return True
        return self._argon2.check_needs_rehash(password_hash)

    def _verify(self, password: str, password_hash: str) -> bool:
        try:
            return self._passwords.verify(password, password_hash)
        except UnknownHashError:
            return False
