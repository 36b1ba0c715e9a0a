{%- set up = unit.upstream -%}
"""Use case: what this context knows of one {{ up.name }} {{ up.entity }}, by its id."""

import uuid
from dataclasses import dataclass

from {{ unit.application }}.known import (
{%- for name in ["Known" ~ up.entity_class, "Known" ~ up.entity_class ~ "NotFoundError", "Known" ~ up.entity_class ~ "UnitOfWork"] | sort(case_sensitive=true) %}
    {{ name }},
{%- endfor %}
)


@dataclass(frozen=True)
class GetKnown{{ up.entity_class }}Query:
    entity_id: uuid.UUID


class GetKnown{{ up.entity_class }}:
    def __init__(self, uow: Known{{ up.entity_class }}UnitOfWork) -> None:
        self._uow = uow

    async def execute(self, query: GetKnown{{ up.entity_class }}Query) -> Known{{ up.entity_class }}:
        async with self._uow as uow:
            known = await uow.known_{{ up.entity_plural }}.get(query.entity_id)
        if known is None:
            raise Known{{ up.entity_class }}NotFoundError(query.entity_id)
        return known
