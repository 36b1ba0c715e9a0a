"""What the identity use cases need from the outside world, as protocols the adapters satisfy."""

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from {{ unit.domain }}.api_key import ApiKey
from {{ unit.shared }}.pagination import Page, PageRequest
from {{ unit.shared }}.unit_of_work import UnitOfWork


class ApiKeyRepository(Protocol):
    async def get(self, key: uuid.UUID) -> ApiKey | None: ...

    async def get_by_key_id(self, key_id: str) -> ApiKey | None:
        """The key with this public key id (the part of the key between the underscores)."""
        ...

    async def add(self, key: ApiKey) -> None:
        """Store a new key; raises KeyIdTakenError when its key id is in use."""
        ...

    async def save(self, key: ApiKey) -> None:
        """Store changes; raises ConcurrentUpdateError when someone else saved first."""
        ...

    async def list_page(self, page: PageRequest) -> Page[ApiKey]:
        """Keys oldest first."""
        ...

    async def record_use(self, key: uuid.UUID, now: datetime, not_after: datetime) -> None:
        """Set the last-used time to ``now`` unless it is already later than ``not_after``."""
        ...


class IdentityUnitOfWork(UnitOfWork, Protocol):
    """One transaction over the identity repositories; leaving without commit rolls back."""

    @property
    def keys(self) -> ApiKeyRepository: ...


UnitOfWorkFactory = Callable[[], IdentityUnitOfWork]


class KeyHasher(Protocol):
    """Digests of whole keys; the only form in which a key is stored."""

    def digest(self, key: str) -> str: ...

    def matches(self, key: str, key_hash: str) -> bool:
        """Whether ``key`` has this digest, compared in constant time."""
        ...
