{%- set up = unit.upstream -%}
"""Use case: a page of the known {{ up.entity_plural }}, by name."""

from dataclasses import dataclass, field

from {{ unit.application }}.known import (
{%- for name in ["Known" ~ up.entity_class, "Known" ~ up.entity_class ~ "UnitOfWork"] | sort(case_sensitive=true) %}
    {{ name }},
{%- endfor %}
)
from {{ unit.shared }}.pagination import Page, PageRequest


@dataclass(frozen=True)
class ListKnown{{ up.entity_class }}PageQuery:
    page: PageRequest = field(default_factory=PageRequest)


class ListKnown{{ up.entity_class }}Page:
    def __init__(self, uow: Known{{ up.entity_class }}UnitOfWork) -> None:
        self._uow = uow

    async def execute(
        self,
        query: ListKnown{{ up.entity_class }}PageQuery,
    ) -> Page[Known{{ up.entity_class }}]:
        async with self._uow as uow:
            return await uow.known_{{ up.entity_plural }}.list(query.page)
