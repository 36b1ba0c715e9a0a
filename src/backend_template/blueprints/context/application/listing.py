"""Use case: a page of {{ unit.entity_class }} aggregates, filtered and sorted, with the match total."""

from dataclasses import dataclass, field

from {{ unit.application }} import ports
from {{ unit.application }}.dto import {{ unit.entity_class }}Dto
from {{ unit.domain }}.model import {{ unit.entity_class }}Status
from {{ unit.shared }}.errors import RuleViolationError
from {{ unit.shared }}.filters import Bounds
from {{ unit.shared }}.pagination import Page, PageRequest, Position, Sort, SortDirection

DEFAULT_SORT = Sort(field="name", direction=SortDirection.ASC)


@dataclass(frozen=True)
class List{{ unit.entity_class }}PageQuery:
    page: PageRequest = field(default_factory=PageRequest)
    sort: Sort = DEFAULT_SORT
    status: {{ unit.entity_class }}Status | None = None
    # Any of these statuses; empty means any status.
    statuses: tuple[{{ unit.entity_class }}Status, ...] = ()
    # Case-insensitive part of the name; blank means no name filter.
    name_contains: str | None = None
    quantity: Bounds[int] = field(default_factory=Bounds)

    @property
    def scope(self) -> str:
        """What a cursor is bound to: the order and the filters, whatever the page."""
        return repr((self.sort, self.status, self.statuses, self.name_contains, self.quantity))


class List{{ unit.entity_class }}Page:
    def __init__(self, uow: ports.{{ unit.title }}UnitOfWork) -> None:
        self._uow = uow

    async def execute(
        self,
        query: List{{ unit.entity_class }}PageQuery,
    ) -> Page[{{ unit.entity_class }}Dto]:
        if query.sort.field not in ports.SORTABLE_FIELDS:
            choices = ", ".join(ports.SORTABLE_FIELDS)
            message = f"cannot sort by {query.sort.field!r}: choose one of {choices}"
            raise RuleViolationError(message, details={"field": "sort"})
        filters = ports.{{ unit.entity_class }}Filter(
            status=query.status,
            statuses=query.statuses,
            name_contains=(query.name_contains or "").strip() or None,
            quantity=query.quantity,
        )
        async with self._uow as uow:
            found = await uow.{{ unit.entity_plural }}.list(query.page, query.sort, filters)
        items = [{{ unit.entity_class }}Dto.of(entity) for entity in found.items]
        # A full page may have a next one: it starts past the last item, in the same order.
        last = items[-1] if items and len(items) == query.page.limit else None
        return Page(
            items=items,
            total=found.total,
            offset=found.offset,
            limit=found.limit,
            next=None if last is None else Position(getattr(last, query.sort.field), last.id),
        )
