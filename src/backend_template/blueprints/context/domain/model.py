"""The {{ unit.entity_class }} aggregate and the values that describe it."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Self

from {{ unit.domain }}.errors import (
    Archived{{ unit.entity_class }}Error,
    Invalid{{ unit.entity_class }}Error,
)
from {{ unit.domain }}.events import (
    {{ unit.entity_class }}Activated,
    {{ unit.entity_class }}Archived,
    {{ unit.entity_class }}Created,
    {{ unit.entity_class }}Deleted,
    {{ unit.entity_class }}Event,
    {{ unit.entity_class }}QuantityAdjusted,
    {{ unit.entity_class }}Updated,
)

NAME_MAX_LENGTH = 120
DESCRIPTION_MAX_LENGTH = 2000
# The largest value a plain INTEGER column holds on every supported database.
QUANTITY_MAX = 2_147_483_647


class {{ unit.entity_class }}Status(StrEnum):
    """Life cycle, forward only: draft -> active -> archived (a draft may be archived directly)."""

    DRAFT = "draft"
    ACTIVE = "active"
    ARCHIVED = "archived"


def clean_name(raw: str) -> str:
    """The name without surrounding whitespace; 1 to 120 characters must remain."""
    name = raw.strip()
    if not 1 <= len(name) <= NAME_MAX_LENGTH:
        message = f"name must be 1 to {NAME_MAX_LENGTH} characters long once trimmed"
        raise Invalid{{ unit.entity_class }}Error("name", message)
    return name


def check_description(description: str) -> str:
    if len(description) > DESCRIPTION_MAX_LENGTH:
        message = f"description must be at most {DESCRIPTION_MAX_LENGTH} characters long"
        raise Invalid{{ unit.entity_class }}Error("description", message)
    return description


def check_quantity(quantity: int) -> int:
    if not 0 <= quantity <= QUANTITY_MAX:
        message = f"quantity must stay between 0 and {QUANTITY_MAX}"
        raise Invalid{{ unit.entity_class }}Error("quantity", message)
    return quantity


@dataclass(eq=False)
class {{ unit.entity_class }}:
    """The consistency boundary: every change goes through a method that keeps these rules.

    - the name has 1 to 120 characters once stripped (its uniqueness is the application's job);
    - the description has at most 2000 characters;
    - the quantity never drops below zero;
    - the status only moves forward, and once archived nothing can change any more.

    Each change moves ``updated_at`` and records an event in ``events``, which the use case
    takes with ``pull_events`` to publish once committed; ``version`` is the stored version this
    state was loaded from, which the repository advances on update.
    """

    id: uuid.UUID
    name: str
    description: str
    quantity: int
    status: {{ unit.entity_class }}Status
    created_at: datetime
    updated_at: datetime
    version: int = 1
    events: list[{{ unit.entity_class }}Event] = field(default_factory=list, repr=False)

    @classmethod
    def create(
        cls,
        entity_id: uuid.UUID,
        name: str,
        description: str,
        quantity: int,
        now: datetime,
    ) -> Self:
        """A new draft, with the event that says it was created."""
        created = cls(
            id=entity_id,
            name=clean_name(name),
            description=check_description(description),
            quantity=check_quantity(quantity),
            status={{ unit.entity_class }}Status.DRAFT,
            created_at=now,
            updated_at=now,
        )
        created.events.append(
            {{ unit.entity_class }}Created(
                aggregate_id=entity_id,
                occurred_at=now,
                name=created.name,
                quantity=created.quantity,
            ),
        )
        return created

    def revise(self, name: str | None, description: str | None, now: datetime) -> None:
        """Change the name and/or the description (None keeps it); no change, no event."""
        self._ensure_not_archived()
        new_name = self.name if name is None else clean_name(name)
        new_description = self.description if description is None else description
        check_description(new_description)
        if (new_name, new_description) == (self.name, self.description):
            return
        self.name = new_name
        self.description = new_description
        self.updated_at = now
        self.events.append(
            {{ unit.entity_class }}Updated(
                aggregate_id=self.id,
                occurred_at=now,
                name=new_name,
                description=new_description,
            ),
        )

    def activate(self, now: datetime) -> None:
        """Put a draft into use; activating an active one changes nothing."""
        self._ensure_not_archived()
        if self.status is {{ unit.entity_class }}Status.ACTIVE:
            return
        self.status = {{ unit.entity_class }}Status.ACTIVE
        self.updated_at = now
        self.events.append(
            {{ unit.entity_class }}Activated(aggregate_id=self.id, occurred_at=now),
        )

    def archive(self, now: datetime) -> None:
        """Retire it for good, from draft or active; archiving it again changes nothing."""
        if self.status is {{ unit.entity_class }}Status.ARCHIVED:
            return
        self.status = {{ unit.entity_class }}Status.ARCHIVED
        self.updated_at = now
        self.events.append(
            {{ unit.entity_class }}Archived(aggregate_id=self.id, occurred_at=now),
        )

    def adjust_quantity(self, delta: int, now: datetime) -> None:
        """Add ``delta`` (negative to take away); the quantity may not end below zero."""
        self._ensure_not_archived()
        if delta == 0:
            message = "a quantity adjustment cannot be zero"
            raise Invalid{{ unit.entity_class }}Error("delta", message)
        if self.quantity + delta < 0:
            message = f"cannot take {-delta} away: only {self.quantity} left"
            raise Invalid{{ unit.entity_class }}Error("delta", message)
        self.quantity = check_quantity(self.quantity + delta)
        self.updated_at = now
        self.events.append(
            {{ unit.entity_class }}QuantityAdjusted(
                aggregate_id=self.id,
                occurred_at=now,
                delta=delta,
                quantity=self.quantity,
            ),
        )

    def delete(self, now: datetime) -> None:
        """Record that it is being removed for good, whatever its status; the use case stores it."""
        self.events.append({{ unit.entity_class }}Deleted(aggregate_id=self.id, occurred_at=now))

    def pull_events(self) -> list[{{ unit.entity_class }}Event]:
        """The events recorded since the last pull, handed over once: the list is emptied."""
        pulled = list(self.events)
        self.events.clear()
        return pulled

    def _ensure_not_archived(self) -> None:
        if self.status is {{ unit.entity_class }}Status.ARCHIVED:
            raise Archived{{ unit.entity_class }}Error(self.id)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, type(self)) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)
