"""Mounts the {{ unit.name }} context on the application: its adapters and its HTTP routes.

Importing the unit of work also registers the context's tables with the ORM.
{%- if unit.upstream %}

The context also follows the {{ unit.upstream.name }} context's events, to keep its own record of
each {{ unit.upstream.entity }} (a local projection), which it serves read-only.
{%- endif %}
"""

from fastapi import FastAPI

from {{ unit.api }}.router import build_router
{%- if unit.upstream %}
from {{ unit.api }}.known_router import build_known_router
from {{ unit.application }} import upstream_events
from {{ unit.application }}.apply_upstream_event import (
    Apply{{ unit.upstream.title }}Event,
)
from {{ unit.infrastructure }}.known_unit_of_work import (
    known_unit_of_work_factory,
)
from {{ unit.shared }}.events import IntegrationEvent
{%- endif %}
from {{ unit.package }}.composition.platform import Platform
from {{ unit.infrastructure }}.unit_of_work import (
    read_unit_of_work_factory,
    unit_of_work_factory,
)

PREFIX = "/api/v1/{{ unit.name }}"


def install(app: FastAPI, platform: Platform) -> None:
{%- if unit.upstream %}
    # First: the context's own "/{entity_id}" route would take "/known-..." for an id.
    follow_{{ unit.upstream.name }}(app, platform)
{%- endif %}
    router = build_router(
        # Every commit wakes the outbox relay, which publishes the events the work stored.
        unit_of_work_factory(platform.database, on_commit=platform.outbox.wake),
        platform.clock,
        read_guard=platform.protect("{{ unit.name }}:read"),
        write_guard=platform.protect("{{ unit.name }}:write"),
        # Queries change nothing: on PostgreSQL they skip the BEGIN and ROLLBACK around them.
        read_uow_factory=read_unit_of_work_factory(platform.database),
    )
    app.include_router(router, prefix=PREFIX, tags=["{{ unit.name }}"])
{%- if unit.upstream %}


def follow_{{ unit.upstream.name }}(app: FastAPI, platform: Platform) -> None:
    """Apply every {{ unit.upstream.name }} event to the projection; serve the projection read-only."""
    projection = known_unit_of_work_factory(platform.database)

    async def apply_{{ unit.upstream.name }}_event(event: IntegrationEvent) -> None:
        await Apply{{ unit.upstream.title }}Event(projection()).execute(event)

    for name in upstream_events.NAMES:
        platform.events.subscribe(
            name,
            apply_{{ unit.upstream.name }}_event,
            consumer="{{ unit.name }}",
        )
    router = build_known_router(
        projection,
        read_guard=platform.protect("{{ unit.name }}:read"),
    )
    app.include_router(router, prefix=PREFIX, tags=["{{ unit.name }}"])
{%- endif %}
