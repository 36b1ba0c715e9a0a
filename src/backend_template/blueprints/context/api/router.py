"""HTTP endpoints of the {{ unit.name }} context: a permission and a use case each."""

import dataclasses
import uuid
from collections.abc import Callable, Sequence
from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request, Response, params

from {{ unit.web }} import pagination
from {{ unit.web }}.conditional import (
    NOT_MODIFIED,
    IfNoneMatch,
    cache_privately,
    is_current,
    not_modified,
)
from {{ unit.api }} import schemas
from {{ unit.api }}.list_query import list_query
from {{ unit.web }}.versions import (
    ANY_VERSION,
    IF_MATCH_PATTERN,
    etag,
    expected_version,
    precondition,
)
from {{ unit.application }} import (
    adjust_quantity,
    change_status,
    create,
    delete,
    get,
    listing,
    ports,
    update,
)
from {{ unit.application }}.dto import {{ unit.entity_class }}Dto
from {{ unit.shared }}.clock import Clock

# Absent, it is "*": either way the change applies to whatever version is current.
IfMatch = Annotated[
    str,
    Header(
        pattern=IF_MATCH_PATTERN,
        description='The ETag you last read, e.g. "3"; * for whatever version is current.',
    ),
]
# Only a UUID reaches the item routes, so "/known-..." and the like are never taken for an id.
ITEM = "/{entity_id:uuid}"


def render(dto: {{ unit.entity_class }}Dto, response: Response) -> schemas.{{ unit.entity_class }}Out:
    response.headers["ETag"] = etag(dto.version)
    return schemas.{{ unit.entity_class }}Out.model_validate(dto)


def render_read(
    dto: {{ unit.entity_class }}Dto,
    request: Request,
    response: Response,
    if_none_match: str | None,
) -> schemas.{{ unit.entity_class }}Out | Response:
    """A read for the caller alone; 304 without a body when its copy (If-None-Match) is current."""
    if is_current(if_none_match, dto.version):
        return not_modified(request, dto.version)
    cache_privately(request, response)
    return render(dto, response)


def build_router(
    uow_factory: Callable[[], ports.{{ unit.title }}UnitOfWork],
    clock: Clock,
    *,
    read_guard: Sequence[params.Depends],
    write_guard: Sequence[params.Depends],
    pager: pagination.Pager,
    read_uow_factory: Callable[[], ports.{{ unit.title }}UnitOfWork] | None = None,
) -> APIRouter:
    """The context's routes; the guards are the dependencies that protect reads and writes.

    Every change stores its integration events in the unit of work's outbox, with the change.
    Queries run on ``read_uow_factory``'s units of work, which only read (default: the same).
    Lists page by offset or by the cursors ``pager`` signs.
    """
    reads = read_uow_factory or uow_factory
    router = APIRouter()

    @router.post(
        "",
        status_code=HTTPStatus.CREATED,
        dependencies=write_guard,
    )
    async def create_{{ unit.entity }}(
        body: schemas.{{ unit.entity_class }}Create,
        request: Request,
        response: Response,
    ) -> schemas.{{ unit.entity_class }}Out:
        """Create a draft; its name must be unused."""
        command = create.Create{{ unit.entity_class }}Command(
            name=body.name,
            description=body.description,
            quantity=body.quantity,
        )
        use_case = create.Create{{ unit.entity_class }}(uow_factory(), clock)
        created = await use_case.execute(command)
        location = request.url_for("{{ unit.name }}:get", entity_id=str(created.id))
        response.headers["Location"] = location.path
        return render(created, response)

    @router.get("", dependencies=read_guard)
    async def list_{{ unit.entity_plural }}(
        request: Request,
        response: Response,
        page: Annotated[pagination.PageParameters, Depends(pagination.page_parameters)],
        query: Annotated[listing.List{{ unit.entity_class }}PageQuery, Depends(list_query)],
    ) -> pagination.PageOut[schemas.{{ unit.entity_class }}Out]:
        """List a page, filtered and sorted; meta.{{ json_case(cookiecutter).key("next_cursor") }} reads on past it."""
        paged = dataclasses.replace(query, page=pager.request(page, query.scope))
        found = await listing.List{{ unit.entity_class }}Page(reads()).execute(paged)
        cache_privately(request, response)
        items = map(schemas.{{ unit.entity_class }}Out.model_validate, found.items)
        return pager.out(found, list(items), page, query.scope)

    @router.get(
        ITEM,
        name="{{ unit.name }}:get",
        dependencies=read_guard,
        response_model=schemas.{{ unit.entity_class }}Out,
        responses=NOT_MODIFIED,
    )
    async def get_{{ unit.entity }}(
        entity_id: uuid.UUID,
        request: Request,
        response: Response,
        if_none_match: IfNoneMatch = None,
    ) -> schemas.{{ unit.entity_class }}Out | Response:
        """Read one, with its version in the ETag header; 304 while If-None-Match holds it."""
        query = get.Get{{ unit.entity_class }}Query(entity_id=entity_id)
        found = await get.Get{{ unit.entity_class }}(reads()).execute(query)
        return render_read(found, request, response, if_none_match)

    async def run_update(
        entity_id: uuid.UUID,
        body: schemas.{{ unit.entity_class }}Patch | schemas.{{ unit.entity_class }}Replace,
        if_match: str | None,
    ) -> {{ unit.entity_class }}Dto:
        command = update.Update{{ unit.entity_class }}Command(
            entity_id=entity_id,
            name=body.name,
            description=body.description,
            expected_version=expected_version(if_match, body.version),
        )
        use_case = update.Update{{ unit.entity_class }}(uow_factory(), clock)
        with precondition(if_match):
            return await use_case.execute(command)

    @router.put(ITEM, dependencies=write_guard)
    async def replace_{{ unit.entity }}(
        entity_id: uuid.UUID,
        body: schemas.{{ unit.entity_class }}Replace,
        response: Response,
        if_match: IfMatch = ANY_VERSION,
    ) -> schemas.{{ unit.entity_class }}Out:
        """Replace the name and description, if the version (If-Match or body) is current."""
        return render(await run_update(entity_id, body, if_match), response)

    @router.patch(ITEM, dependencies=write_guard)
    async def patch_{{ unit.entity }}(
        entity_id: uuid.UUID,
        body: schemas.{{ unit.entity_class }}Patch,
        response: Response,
        if_match: IfMatch = ANY_VERSION,
    ) -> schemas.{{ unit.entity_class }}Out:
        """Change the given fields only, if the version (If-Match or body) is current."""
        return render(await run_update(entity_id, body, if_match), response)

    @router.delete(
        ITEM,
        status_code=HTTPStatus.NO_CONTENT,
        dependencies=write_guard,
    )
    async def delete_{{ unit.entity }}(
        entity_id: uuid.UUID,
        if_match: IfMatch = ANY_VERSION,
    ) -> None:
        """Delete it for good, if the version (If-Match, optional) is current."""
        command = delete.Delete{{ unit.entity_class }}Command(
            entity_id=entity_id,
            expected_version=expected_version(if_match, None),
        )
        use_case = delete.Delete{{ unit.entity_class }}(uow_factory(), clock)
        with precondition(if_match):
            await use_case.execute(command)

    async def run_status_change(
        entity_id: uuid.UUID,
        change: change_status.StatusChange,
        if_match: str | None,
    ) -> {{ unit.entity_class }}Dto:
        command = change_status.Change{{ unit.entity_class }}StatusCommand(
            entity_id=entity_id,
            change=change,
            expected_version=expected_version(if_match, None),
        )
        use_case = change_status.Change{{ unit.entity_class }}Status(
            uow_factory(),
            clock,
        )
        with precondition(if_match):
            return await use_case.execute(command)

    @router.post(ITEM + "/activate", dependencies=write_guard)
    async def activate_{{ unit.entity }}(
        entity_id: uuid.UUID,
        response: Response,
        if_match: IfMatch = ANY_VERSION,
    ) -> schemas.{{ unit.entity_class }}Out:
        """Put a draft into use; an archived one cannot come back."""
        change = change_status.StatusChange.ACTIVATE
        return render(await run_status_change(entity_id, change, if_match), response)

    @router.post(ITEM + "/archive", dependencies=write_guard)
    async def archive_{{ unit.entity }}(
        entity_id: uuid.UUID,
        response: Response,
        if_match: IfMatch = ANY_VERSION,
    ) -> schemas.{{ unit.entity_class }}Out:
        """Retire it for good: afterwards it can no longer change."""
        change = change_status.StatusChange.ARCHIVE
        return render(await run_status_change(entity_id, change, if_match), response)

    @router.post(ITEM + "/quantity-adjustments", dependencies=write_guard)
    async def adjust_{{ unit.entity }}_quantity(
        entity_id: uuid.UUID,
        body: schemas.{{ unit.entity_class }}QuantityAdjustment,
        response: Response,
        if_match: IfMatch = ANY_VERSION,
    ) -> schemas.{{ unit.entity_class }}Out:
        """Add to or take from the quantity, which may not go below zero."""
        command = adjust_quantity.Adjust{{ unit.entity_class }}QuantityCommand(
            entity_id=entity_id,
            delta=body.delta,
            expected_version=expected_version(if_match, body.version),
        )
        use_case = adjust_quantity.Adjust{{ unit.entity_class }}Quantity(
            uow_factory(),
            clock,
        )
        with precondition(if_match):
            return render(await use_case.execute(command), response)

    return router
