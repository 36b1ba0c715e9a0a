"""Facts about {{ unit.entity_class }} aggregates, recorded by them and published after commit."""

import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class {{ unit.entity_class }}Event:
    """Base of every event of this aggregate: which one, and when."""

    aggregate_id: uuid.UUID
    occurred_at: datetime


@dataclass(frozen=True)
class {{ unit.entity_class }}Created({{ unit.entity_class }}Event):
    name: str
    quantity: int


@dataclass(frozen=True)
class {{ unit.entity_class }}Updated({{ unit.entity_class }}Event):
    name: str
    description: str


@dataclass(frozen=True)
class {{ unit.entity_class }}Activated({{ unit.entity_class }}Event):
    """It left the draft state and is now in use."""


@dataclass(frozen=True)
class {{ unit.entity_class }}Archived({{ unit.entity_class }}Event):
    """It was retired: from now on it can no longer change."""


@dataclass(frozen=True)
class {{ unit.entity_class }}QuantityAdjusted({{ unit.entity_class }}Event):
    delta: int
    quantity: int


@dataclass(frozen=True)
class {{ unit.entity_class }}Deleted({{ unit.entity_class }}Event):
    """It was removed for good."""
