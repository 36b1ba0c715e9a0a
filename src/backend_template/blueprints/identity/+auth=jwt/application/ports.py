"""What the identity use cases need from the outside world, as protocols the adapters satisfy."""

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from {{ unit.application }}.tokens import (
    AccessClaims,
    IssuedAccessToken,
)
from {{ unit.domain }}.refresh_token import RefreshToken
from {{ unit.domain }}.user import Role, User
from {{ unit.shared }}.pagination import Page, PageRequest
from {{ unit.shared }}.unit_of_work import UnitOfWork


{% include "application/_user_ports.py" %}


class RefreshTokenRepository(Protocol):
    async def add(self, token: RefreshToken) -> None: ...

    async def get_by_hash(self, token_hash: str) -> RefreshToken | None: ...

    async def consume(self, token_id: uuid.UUID, now: datetime) -> bool:
        """Mark the token used, atomically; False when it was already used or revoked."""
        ...

    async def revoke_family(self, family_id: uuid.UUID, now: datetime) -> None: ...

    async def revoke_user(self, user_id: uuid.UUID, now: datetime) -> None:
        """Revoke every family of one user (all their sessions)."""
        ...

    async def is_family_revoked(self, family_id: uuid.UUID) -> bool: ...


class IdentityUnitOfWork(UnitOfWork, Protocol):
    """One transaction over the identity repositories; leaving without commit rolls back."""

    @property
    def users(self) -> UserRepository: ...

    @property
    def refresh_tokens(self) -> RefreshTokenRepository: ...

    async def end_sessions(self, user_id: uuid.UUID, now: datetime) -> None:
        """End every session of one user (all their token families)."""
        ...


UnitOfWorkFactory = Callable[[], IdentityUnitOfWork]


class AccessTokenCodec(Protocol):
    def issue(
        self,
        *,
        user_id: uuid.UUID,
        role: Role,
        session_id: uuid.UUID,
        now: datetime,
    ) -> IssuedAccessToken: ...

    def verify(self, token: str) -> AccessClaims:
        """The claims of a valid token; raises InvalidTokenError for anything else."""
        ...
