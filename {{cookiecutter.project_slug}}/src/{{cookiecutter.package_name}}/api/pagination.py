"""Query parameters and response shape for paginated lists."""

from typing import Annotated, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

from {{ cookiecutter.package_name }}.shared.pagination import MAX_LIMIT, MAX_OFFSET, PageRequest

T = TypeVar("T")


def page_request(
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = 20,
) -> PageRequest:
    return PageRequest(offset=offset, limit=limit)


class PageOut(BaseModel, Generic[T]):
    """A page of items and where it sits in the whole list."""

    items: list[T]
    total: int
    offset: int
    limit: int
