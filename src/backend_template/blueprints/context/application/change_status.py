"""Use case: move one {{ unit.entity_class }} forward in its life cycle (activate or archive it)."""

import uuid
from dataclasses import dataclass
from enum import StrEnum

from {{ unit.application }}.dto import {{ unit.entity_class }}Dto
from {{ unit.application }}.lookup import (
    {{ unit.entity_class }}Change,
)
from {{ unit.domain }}.model import {{ unit.entity_class }}


class StatusChange(StrEnum):
    ACTIVATE = "activate"
    ARCHIVE = "archive"


# The aggregate's own method for each change.
CHANGES = {
    StatusChange.ACTIVATE: {{ unit.entity_class }}.activate,
    StatusChange.ARCHIVE: {{ unit.entity_class }}.archive,
}


@dataclass(frozen=True)
class Change{{ unit.entity_class }}StatusCommand:
    entity_id: uuid.UUID
    change: StatusChange
    expected_version: int | None = None


class Change{{ unit.entity_class }}Status({{ unit.entity_class }}Change):
    async def execute(
        self,
        command: Change{{ unit.entity_class }}StatusCommand,
    ) -> {{ unit.entity_class }}Dto:
        return await self._change(
            command.entity_id,
            command.expected_version,
            CHANGES[command.change],
        )
