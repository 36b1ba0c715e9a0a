"""An in-memory API key repository and a unit of work that really commits or rolls back."""

import copy
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from {{ unit.domain }}.api_key import ApiKey
from {{ unit.domain }}.errors import KeyIdTakenError
from {{ unit.shared }}.errors import ConcurrentUpdateError
from {{ unit.shared }}.pagination import Page, PageRequest
from {{ unit.shared }}.unit_of_work import UnitOfWorkLifecycle, in_use


@dataclass
class IdentityStore:
    """The committed state, shared by every unit of work of one test."""

    keys: dict[uuid.UUID, ApiKey] = field(default_factory=dict)
    commits: int = 0

    def by_key_id(self, key_id: str) -> ApiKey:
        return next(key for key in self.keys.values() if key.key_id == key_id)


class InMemoryApiKeyRepository:
    def __init__(self, keys: dict[uuid.UUID, ApiKey]) -> None:
        self._keys = keys

    async def get(self, key: uuid.UUID) -> ApiKey | None:
        found = self._keys.get(key)
        return copy.deepcopy(found) if found else None

    async def get_by_key_id(self, key_id: str) -> ApiKey | None:
        found = next((key for key in self._keys.values() if key.key_id == key_id), None)
        return copy.deepcopy(found) if found else None

    async def add(self, key: ApiKey) -> None:
        if any(existing.key_id == key.key_id for existing in self._keys.values()):
            raise KeyIdTakenError
        self._keys[key.id] = copy.deepcopy(key)

    async def save(self, key: ApiKey) -> None:
        stored = self._keys.get(key.id)
        if stored is None or stored.version != key.version:
            msg = "The API key was changed by someone else; reload and try again."
            raise ConcurrentUpdateError(msg)
        key.version += 1
        self._keys[key.id] = copy.deepcopy(key)

    async def list_page(self, page: PageRequest) -> Page[ApiKey]:
        ordered = sorted(self._keys.values(), key=lambda key: (key.created_at, key.id))
        return Page(
            items=[copy.deepcopy(key) for key in ordered[page.offset : page.offset + page.limit]],
            total=len(ordered),
            offset=page.offset,
            limit=page.limit,
        )

    async def record_use(self, key: uuid.UUID, now: datetime, not_after: datetime) -> None:
        stored = self._keys.get(key)
        if stored is not None and (stored.last_used_at is None or stored.last_used_at <= not_after):
            stored.last_used_at = now


class InMemoryIdentityUnitOfWork(UnitOfWorkLifecycle):
{% include "tests/fakes/_unit_of_work.py" %}

    @property
    def keys(self) -> InMemoryApiKeyRepository:
        return InMemoryApiKeyRepository(self.working.keys)
