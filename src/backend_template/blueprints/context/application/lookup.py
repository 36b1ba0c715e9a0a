"""Loading an aggregate for a use case: missing is NotFound, a stale expectation is a conflict."""

import uuid

from {{ unit.application }}.ports import (
    {{ unit.entity_class }}Repository,
)
from {{ unit.domain }} import errors
from {{ unit.domain }}.model import {{ unit.entity_class }}


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
