"""Errors of the {{ unit.entity_class }} aggregate, as subclasses of the shared taxonomy."""

import uuid

from {{ unit.shared }}.errors import (
    ConcurrentUpdateError,
    ConflictError,
    NotFoundError,
    RuleViolationError,
)

LABEL = "{{ unit.entity.replace('_', ' ') }}"


class {{ unit.entity_class }}NotFoundError(NotFoundError):
    def __init__(self, entity_id: uuid.UUID) -> None:
        super().__init__(f"{LABEL} {entity_id} does not exist", details={"id": str(entity_id)})


class {{ unit.entity_class }}NameTakenError(ConflictError):
    def __init__(self, name: str) -> None:
        super().__init__(f"another {LABEL} is already named {name!r}", details={"name": name})


class Stale{{ unit.entity_class }}Error(ConcurrentUpdateError):
    """The caller worked from a version that someone else has replaced since."""

    def __init__(self, entity_id: uuid.UUID, expected_version: int) -> None:
        super().__init__(
            f"{LABEL} {entity_id} was changed by someone else: reload it and try again",
            details={"id": str(entity_id), "expected_version": expected_version},
        )


class Archived{{ unit.entity_class }}Error(RuleViolationError):
    def __init__(self, entity_id: uuid.UUID) -> None:
        super().__init__(f"an archived {LABEL} cannot be changed", details={"id": str(entity_id)})


class Invalid{{ unit.entity_class }}Error(RuleViolationError):
    """A value would break one of the aggregate's invariants."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, details={"field": field})
