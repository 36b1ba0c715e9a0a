"""What the use cases that change {{ unit.entity_plural }} share: loading, then storing the change.

Loading: missing is NotFound, a stale expectation is a conflict. Storing: the new state, guarded
by the version that was loaded, and its integration events in the same transaction.
"""

import uuid
from collections.abc import Callable
from datetime import datetime

from {{ unit.application }}.dto import {{ unit.entity_class }}Dto
from {{ unit.application }}.integration_events import (
    record_changes,
)
from {{ unit.application }}.ports import (
{%- for name in [unit.entity_class ~ "Repository", unit.title ~ "UnitOfWork"] | sort(case_sensitive=true) %}
    {{ name }},
{%- endfor %}
)
from {{ unit.domain }} import errors
from {{ unit.domain }}.model import {{ unit.entity_class }}
from {{ unit.shared }}.clock import Clock


async def load(
    repository: {{ unit.entity_class }}Repository,
    entity_id: uuid.UUID,
    expected_version: int | None = None,
) -> {{ unit.entity_class }}:
    """The stored aggregate; when ``expected_version`` is given, it must be the stored one."""
    entity = await repository.get(entity_id)
    if entity is None:
        raise errors.{{ unit.entity_class }}NotFoundError(entity_id)
    if expected_version is not None and expected_version != entity.version:
        raise errors.Stale{{ unit.entity_class }}Error(entity_id, expected_version)
    return entity


async def commit_with_events(
    uow: {{ unit.title }}UnitOfWork,
    entity: {{ unit.entity_class }},
) -> None:
    """Record what ``entity`` did in the outbox and commit it with the change."""
    await record_changes(uow.outbox, entity)
    await uow.commit()


async def store(
    uow: {{ unit.title }}UnitOfWork,
    entity: {{ unit.entity_class }},
    loaded_version: int,
) -> None:
    """Store the changed aggregate unless someone changed it since ``loaded_version``; commit."""
    await uow.{{ unit.entity_plural }}.update(entity, loaded_version)
    await commit_with_events(uow, entity)


class {{ unit.entity_class }}Change:
    """A use case that changes {{ unit.entity_plural }}: one unit of work, stamped by the clock."""

    def __init__(
        self,
        uow: {{ unit.title }}UnitOfWork,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._clock = clock

    async def _change(
        self,
        entity_id: uuid.UUID,
        expected_version: int | None,
        change: Callable[[{{ unit.entity_class }}, datetime], None],
    ) -> {{ unit.entity_class }}Dto:
        """Load it, apply ``change`` at the clock's time, and store it if it recorded events."""
        async with self._uow as uow:
            repository = uow.{{ unit.entity_plural }}
            entity = await load(repository, entity_id, expected_version)
            loaded_version = entity.version
            change(entity, self._clock.now())
            if entity.events:
                await store(uow, entity, loaded_version)
        return {{ unit.entity_class }}Dto.of(entity)
