"""In-memory users and refresh tokens, and a unit of work that really commits or rolls back."""

import copy
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from {{ unit.domain }}.errors import EmailAlreadyRegisteredError
from {{ unit.domain }}.refresh_token import RefreshToken
from {{ unit.domain }}.user import User
from {{ unit.shared }}.errors import ConcurrentUpdateError
from {{ unit.shared }}.pagination import Page, PageRequest
from {{ unit.shared }}.unit_of_work import UnitOfWorkLifecycle, in_use


{% include "tests/fakes/_user_repository.py" %}


@dataclass
class IdentityStore:
    """The committed state, shared by every unit of work of one test."""

    users: dict[uuid.UUID, User] = field(default_factory=dict)
    tokens: dict[uuid.UUID, RefreshToken] = field(default_factory=dict)
    commits: int = 0

    def tokens_of_family(self, family_id: uuid.UUID) -> list[RefreshToken]:
        return [token for token in self.tokens.values() if token.family_id == family_id]


class InMemoryRefreshTokenRepository:
    def __init__(self, tokens: dict[uuid.UUID, RefreshToken]) -> None:
        self._tokens = tokens

    async def add(self, token: RefreshToken) -> None:
        self._tokens[token.id] = copy.deepcopy(token)

    async def get_by_hash(self, token_hash: str) -> RefreshToken | None:
        found = next((t for t in self._tokens.values() if t.token_hash == token_hash), None)
        return copy.deepcopy(found) if found else None

    async def consume(self, token_id: uuid.UUID, now: datetime) -> bool:
        token = self._tokens.get(token_id)
        if token is None or token.is_spent:
            return False
        token.used_at = now
        return True

    async def revoke_family(self, family_id: uuid.UUID, now: datetime) -> None:
        for token in self._tokens.values():
            if token.family_id == family_id and token.revoked_at is None:
                token.revoked_at = now

    async def revoke_user(self, user_id: uuid.UUID, now: datetime) -> None:
        for token in self._tokens.values():
            if token.user_id == user_id and token.revoked_at is None:
                token.revoked_at = now

    async def is_family_revoked(self, family_id: uuid.UUID) -> bool:
        return any(
            token.family_id == family_id and token.revoked_at is not None
            for token in self._tokens.values()
        )


class InMemoryIdentityUnitOfWork(UnitOfWorkLifecycle):
{% include "tests/fakes/_unit_of_work.py" %}

    @property
    def users(self) -> InMemoryUserRepository:
        return InMemoryUserRepository(self.working.users)

    @property
    def refresh_tokens(self) -> InMemoryRefreshTokenRepository:
        return InMemoryRefreshTokenRepository(self.working.tokens)

    async def end_sessions(self, user_id: uuid.UUID, now: datetime) -> None:
        await self.refresh_tokens.revoke_user(user_id, now)
