{%- set up = unit.upstream -%}
"""Use case: what this context knows of one {{ up.name }} {{ up.entity }}, by its id.

With a live source, the owner's current record comes first; the local record answers when
the owner has no such {{ up.entity }} (it may know of its deletion) or cannot answer now (slow,
failing, or cut off by its circuit breaker). Known to neither, it is not found; unknown here
while the owner cannot answer, the owner's unavailability is the answer (503, Retry-After).
"""

import uuid
from dataclasses import dataclass

from {{ unit.application }}.known import (
{%- for name in ["Known" ~ up.entity_class, "Known" ~ up.entity_class ~ "LiveSource", "Known" ~ up.entity_class ~ "NotFoundError", "Known" ~ up.entity_class ~ "UnitOfWork"] | sort(case_sensitive=true) %}
    {{ name }},
{%- endfor %}
)
from {{ unit.shared }}.errors import ServiceUnavailableError


@dataclass(frozen=True)
class GetKnown{{ up.entity_class }}Query:
    entity_id: uuid.UUID


class GetKnown{{ up.entity_class }}:
    def __init__(
        self,
        uow: Known{{ up.entity_class }}UnitOfWork,
        live: Known{{ up.entity_class }}LiveSource | None = None,
    ) -> None:
        self._uow = uow
        self._live = live

    async def execute(self, query: GetKnown{{ up.entity_class }}Query) -> Known{{ up.entity_class }}:
        unanswered: ServiceUnavailableError | None = None
        if self._live is not None:
            try:
                current = await self._live.get(query.entity_id)
            except ServiceUnavailableError as error:
                current, unanswered = None, error
            if current is not None:
                return current
        async with self._uow as uow:
            known = await uow.known_{{ up.entity_plural }}.get(query.entity_id)
        if known is None:
            # Unknown here, and the owner could not say: "try again later", not "no such".
            raise unanswered or Known{{ up.entity_class }}NotFoundError(query.entity_id)
        return known
