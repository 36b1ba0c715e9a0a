"""What the identity use cases need from the outside world, as protocols the adapters satisfy."""

import uuid
from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from {{ unit.application }}.dto import (
    AccessClaims,
    IssuedAccessToken,
)
from {{ unit.domain }}.refresh_token import RefreshToken
from {{ unit.domain }}.user import Role, User
from {{ unit.shared }}.pagination import Page, PageRequest


class UserRepository(Protocol):
    async def get(self, user_id: uuid.UUID) -> User | None: ...

    async def get_by_email(self, email: str) -> User | None: ...

    async def add(self, user: User) -> None:
        """Store a new user; raises EmailAlreadyRegisteredError when the email is taken."""
        ...

    async def save(self, user: User) -> None:
        """Store changes; raises ConcurrentUpdateError when someone else saved first."""
        ...

    async def list_page(self, page: PageRequest) -> Page[User]:
        """Users oldest first."""
        ...


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


class IdentityUnitOfWork(Protocol):
    """One transaction over the identity repositories; leaving without commit rolls back."""

    @property
    def users(self) -> UserRepository: ...

    @property
    def refresh_tokens(self) -> RefreshTokenRepository: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...


UnitOfWorkFactory = Callable[[], IdentityUnitOfWork]


class PasswordHasher(Protocol):
    async def hash(self, password: str) -> str: ...

    async def verify(self, password: str, password_hash: str) -> bool: ...

    async def verify_dummy(self, password: str) -> None:
        """Spend as long as a real verification, so unknown emails cannot be told by timing."""
        ...

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether the hash was made with other parameters (or scheme) than the current ones."""
        ...


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


class LoginRateLimiter(Protocol):
    """Counts failed sign-ins per key (client and email) in a sliding window."""

    async def check(self, key: str) -> None:
        """Raise RateLimitedError while ``key`` has used up its attempts."""
        ...

    async def record_failure(self, key: str) -> None: ...

    async def reset(self, key: str) -> None: ...
