"""Query parameters and response shapes for paginated lists: by offset, or by keyset cursor."""
{%- set wire = json_case(cookiecutter) %}

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import {% if not wire.camel %}BaseModel, {% endif %}Field

{% if wire.camel -%}
from {{ cookiecutter.package_name }}.api.camel_case import CamelModel
{% endif -%}
from {{ cookiecutter.package_name }}.shared.cursors import MAX_CURSOR_LENGTH, CursorCodec
from {{ cookiecutter.package_name }}.shared.errors import BadRequestError
from {{ cookiecutter.package_name }}.shared.pagination import (
    MAX_LIMIT,
    MAX_OFFSET,
    Page,
    PageRequest,
)

T = TypeVar("T")
CURSOR_HELP = (
    "The meta.{{ wire.key("next_cursor") }} of the page before, to read on past it (keyset paging): "
    "send the same sort and filters with it. Not with offset."
)


# Async though it never waits, as is page_parameters: FastAPI runs a plain function in a worker
# thread, a hand-off that costs more than the function itself.
async def page_request(
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = 20,
) -> PageRequest:
    return PageRequest(offset=offset, limit=limit)


class PageMeta({{ wire.model }}):
    """Where a page sits in the whole list, and how to read on past it."""

    total: int = Field(description="Items that match the filters, across every page.")
    offset: int | None = Field(description="Items skipped; null for a page read by cursor.")
    limit: int = Field(description="Items per page, as asked.")
    next_cursor: str | None = Field(
        description="Pass as cursor, with the same sort and filters, for the next page; "
        "null on the last page, and on a list that pages by offset alone."
    )


class PageOut({{ wire.model }}, Generic[T]):
    """A page of a list: its items under data, where it sits in the list under meta."""

    data: list[T] = Field(description="The items of this page, each as its own route returns it.")
    meta: PageMeta


def offset_page(page: Page[Any], items: Iterable[T]) -> PageOut[T]:
    """The response for ``page`` of a list paged by offset alone, its ``items`` rendered."""
    meta = PageMeta(total=page.total, offset=page.offset, limit=page.limit, next_cursor=None)
    return PageOut[T](data=list(items), meta=meta)


@dataclass(frozen=True)
class PageParameters:
    """Which page a list request asks for, its cursor not yet read."""

    offset: int | None
    limit: int
    cursor: str | None


async def page_parameters(
    offset: Annotated[
        int | None, Query(ge=0, le=MAX_OFFSET, description="Items to skip. Not with cursor.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = 20,
    cursor: Annotated[
        str | None, Query(min_length=1, max_length=MAX_CURSOR_LENGTH, description=CURSOR_HELP)
    ] = None,
) -> PageParameters:
    if cursor is not None and offset is not None:
        msg = "Give offset or cursor, not both: a cursor already says where the page starts."
        raise BadRequestError(msg, details={"parameters": ["offset", "cursor"]})
    return PageParameters(offset=offset, limit=limit, cursor=cursor)


class Pager:
    """Reads the cursors of list requests and issues those of their next pages."""

    def __init__(self, codec: CursorCodec) -> None:
        self._codec = codec

    def request(self, parameters: PageParameters, scope: str) -> PageRequest:
        """The page asked for; a cursor must have been issued for the same ``scope``."""
        if parameters.cursor is None:
            return PageRequest(offset=parameters.offset or 0, limit=parameters.limit)
        position = self._codec.decode(parameters.cursor, scope)
        return PageRequest(limit=parameters.limit, after=position)

    def out(
        self,
        page: Page[Any],
        items: Iterable[T],
        parameters: PageParameters,
        scope: str,
    ) -> PageOut[T]:
        """The response for ``page``, whose ``items`` are already rendered."""
        meta = PageMeta(
            total=page.total,
            offset=None if parameters.cursor is not None else page.offset,
            limit=page.limit,
            next_cursor=None if page.next is None else self._codec.encode(page.next, scope),
        )
        return PageOut[T](data=list(items), meta=meta)
