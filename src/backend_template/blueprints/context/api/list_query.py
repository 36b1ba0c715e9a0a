{%- set wire = json_case(cookiecutter) -%}
"""The query parameters of the {{ unit.name }} list: sort and filters, one operator syntax.

A filter is ``field[operator]=value``: ``quantity[gte]=5``, ``status[in]=draft,active``,
``name[contains]=mug``. ``status=`` and ``q=`` are the short forms of ``status[eq]`` and
``name[contains]``. An operator a field does not take is an unknown parameter (400).
"""

from typing import Annotated, Any

from fastapi import Query
{%- if wire.camel %}
from pydantic.alias_generators import to_camel
{%- endif %}

from {{ unit.application }} import listing, ports
from {{ unit.domain }}.model import (
    NAME_MAX_LENGTH,
    QUANTITY_MAX,
    {{ unit.entity_class }}Status,
)
from {{ unit.shared }}.errors import BadRequestError
from {{ unit.shared }}.filters import Bounds
from {{ unit.shared }}.pagination import Sort
from {{ unit.shared }}.text import StorableText

{% if wire.camel -%}
# The sort fields as clients name them, in camelCase as in the bodies, each for its attribute.
SORT_FIELDS = {to_camel(field): field for field in ports.SORTABLE_FIELDS}
SORT_PATTERN = "^-?(" + "|".join(SORT_FIELDS) + ")$"
SORT_HELP = "A field of " + ", ".join(SORT_FIELDS) + "; prefix - for descending."
{% else -%}
SORT_PATTERN = "^-?(" + "|".join(ports.SORTABLE_FIELDS) + ")$"
SORT_HELP = "A field of " + ", ".join(ports.SORTABLE_FIELDS) + "; prefix - for descending."
{% endif -%}
STATUSES = "|".join(status.value for status in {{ unit.entity_class }}Status)
STATUS_LIST_PATTERN = f"^({STATUSES})(,({STATUSES}))*$"
NAME_HELP = "Part of the name, any case."
QUANTITY_HELP = {
    "eq": "Quantity equal to this.",
    "gt": "Quantity above this.",
    "gte": "Quantity at least this.",
    "lt": "Quantity below this.",
    "lte": "Quantity at most this.",
}


def name_filter(alias: str) -> Any:
    return Query(alias=alias, min_length=1, max_length=NAME_MAX_LENGTH, description=NAME_HELP)


def quantity_filter(operator: str) -> Any:
    return Query(
        alias=f"quantity[{operator}]", ge=0, le=QUANTITY_MAX, description=QUANTITY_HELP[operator]
    )


{% if wire.camel -%}
def sort_by(raw: str) -> Sort:
    """The sort ``createdAt`` or ``-createdAt`` names, on the field's attribute."""
    field = raw.removeprefix("-")
    return Sort.parse(raw.removesuffix(field) + SORT_FIELDS[field], ports.SORTABLE_FIELDS)


{% endif -%}
async def list_query(  # noqa: PLR0913 (one parameter per documented filter)
    *,
    sort: Annotated[str, Query(pattern=SORT_PATTERN, description=SORT_HELP)] = "name",
    status: {{ unit.entity_class }}Status | None = None,
    status_in: Annotated[
        str | None,
        Query(
            alias="status[in]",
            pattern=STATUS_LIST_PATTERN,
            description="Any of these statuses, comma-separated.",
        ),
    ] = None,
    q: Annotated[StorableText | None, name_filter("q")] = None,
    name_contains: Annotated[StorableText | None, name_filter("name[contains]")] = None,
    quantity_eq: Annotated[int | None, quantity_filter("eq")] = None,
    quantity_gt: Annotated[int | None, quantity_filter("gt")] = None,
    quantity_gte: Annotated[int | None, quantity_filter("gte")] = None,
    quantity_lt: Annotated[int | None, quantity_filter("lt")] = None,
    quantity_lte: Annotated[int | None, quantity_filter("lte")] = None,
) -> listing.List{{ unit.entity_class }}PageQuery:
    """The list's sort and filters, as the use case takes them (the first page).

    Async though it never waits: FastAPI would run a plain function in a worker thread.
    """
    if q is not None and name_contains is not None:
        msg = "Give q or name[contains], not both: q is the short form of name[contains]."
        raise BadRequestError(msg, details={"parameters": ["q", "name[contains]"]})
    chosen = status_in.split(",") if status_in else []
    statuses = sorted(set(map({{ unit.entity_class }}Status, chosen)))
    return listing.List{{ unit.entity_class }}PageQuery(
{%- if wire.camel %}
        sort=sort_by(sort),
{%- else %}
        sort=Sort.parse(sort, ports.SORTABLE_FIELDS),
{%- endif %}
        status=status,
        statuses=tuple(statuses),
        name_contains=q if q is not None else name_contains,
        quantity=Bounds(
            eq=quantity_eq, gt=quantity_gt, gte=quantity_gte, lt=quantity_lt, lte=quantity_lte
        ),
    )
