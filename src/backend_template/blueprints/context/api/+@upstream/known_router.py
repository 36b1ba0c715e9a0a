{%- set up = unit.upstream -%}
"""HTTP endpoints of the known records: the {{ up.entity_plural }} this context knows of."""

import uuid
from collections.abc import Callable, Sequence
from typing import Annotated

from fastapi import APIRouter, Depends, params

from {{ unit.web }} import pagination
from {{ unit.api }}.known_schemas import Known{{ up.entity_class }}Out
from {{ unit.application }} import get_known, list_known
from {{ unit.application }}.known import (
    Known{{ up.entity_class }}LiveSource,
    Known{{ up.entity_class }}UnitOfWork,
)
from {{ unit.shared }}.pagination import PageRequest

PATH = "/known-{{ up.entity_plural | replace('_', '-') }}"
ITEM_PATH = PATH + "/{entity_id:uuid}"


def build_known_router(
    uow_factory: Callable[[], Known{{ up.entity_class }}UnitOfWork],
    *,
    read_guard: Sequence[params.Depends],
    live: Known{{ up.entity_class }}LiveSource | None = None,
) -> APIRouter:
    """Read-only routes over the known records; the guard protects them like the context's reads.

    With ``live``, one {{ up.entity }} is read from its owner first (see ``get_known``).
    """
    router = APIRouter()

    @router.get(PATH, dependencies=read_guard)
    async def list_known_{{ up.entity_plural }}(
        page: Annotated[PageRequest, Depends(pagination.page_request)],
    ) -> pagination.PageOut[Known{{ up.entity_class }}Out]:
        """List a page of the known {{ up.entity_plural }}, by name, deleted ones included."""
        query = list_known.ListKnown{{ up.entity_class }}PageQuery(page=page)
        found = await list_known.ListKnown{{ up.entity_class }}Page(uow_factory()).execute(query)
        items = map(Known{{ up.entity_class }}Out.model_validate, found.items)
        return pagination.offset_page(found, items)

    @router.get(ITEM_PATH, dependencies=read_guard)
    async def get_known_{{ up.entity }}(entity_id: uuid.UUID) -> Known{{ up.entity_class }}Out:
        """Read one {{ up.entity }} as known here, deleted or not, or as its owner has it now."""
        query = get_known.GetKnown{{ up.entity_class }}Query(entity_id=entity_id)
        known = await get_known.GetKnown{{ up.entity_class }}(uow_factory(), live).execute(query)
        return Known{{ up.entity_class }}Out.model_validate(known)

    return router
