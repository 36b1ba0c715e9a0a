"""Mounts the {{ unit.name }} context on the application: its adapters and its HTTP routes.

Importing the unit of work also registers the context's tables with the ORM.
{%- if unit.upstream %}

The context also follows the {{ unit.upstream.name }} context's events, to keep its own record of
each {{ unit.upstream.entity }} (its known records), which it serves read-only.
{%- if cookiecutter.architecture == "microservices" %} One {{ unit.upstream.entity }} is read
from the {{ unit.upstream.name }} service first, when its address is set (APP_UPSTREAM_URL); the
local record answers when that service is slow, failing, or its circuit is open.
{%- endif %}
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
{%- if cookiecutter.architecture == "microservices" %}
from {{ unit.application }}.known import Known{{ unit.upstream.entity_class }}LiveSource
from {{ unit.infrastructure }}.known_live_source import HttpKnown{{ unit.upstream.entity_class }}Source
from {{ unit.shared }}.http_client import ResilientClient
{%- endif %}
{%- endif %}
from {{ unit.package }}.composition.platform import Platform
from {{ unit.web }}.pagination import Pager
from {{ unit.shared }}.cursors import CursorCodec
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
        pager=Pager(CursorCodec(platform.settings.cursor_key)),
        # Queries change nothing: on PostgreSQL they skip the BEGIN and ROLLBACK around them.
        read_uow_factory=read_unit_of_work_factory(platform.database),
    )
    app.include_router(router, prefix=PREFIX, tags=["{{ unit.name }}"])
{%- if unit.upstream %}


def follow_{{ unit.upstream.name }}(app: FastAPI, platform: Platform) -> None:
    """Apply every {{ unit.upstream.name }} event to the known records; serve them read-only."""
    known_unit_of_work = known_unit_of_work_factory(platform.database)

    async def apply_{{ unit.upstream.name }}_event(event: IntegrationEvent) -> None:
        await Apply{{ unit.upstream.title }}Event(known_unit_of_work()).execute(event)

    for name in upstream_events.NAMES:
        platform.events.subscribe(
            name,
            apply_{{ unit.upstream.name }}_event,
            consumer="{{ unit.name }}",
        )
    router = build_known_router(
        known_unit_of_work,
        read_guard=platform.protect("{{ unit.name }}:read"),
{%- if cookiecutter.architecture == "microservices" %}
        live=live_{{ unit.upstream.name }}(platform),
{%- endif %}
    )
    app.include_router(router, prefix=PREFIX, tags=["{{ unit.name }}"])
{%- if cookiecutter.architecture == "microservices" %}


def live_{{ unit.upstream.name }}(platform: Platform) -> Known{{ unit.upstream.entity_class }}LiveSource | None:
    """The {{ unit.upstream.name }} service's records, asked for live; None when its address is unset."""
    settings = platform.settings
    if not settings.upstream_url:
        return None
    credential = settings.upstream_credential
    client = ResilientClient(
        "{{ unit.upstream.name }}",
        settings.upstream_url,
        settings.upstream_policy(),
        platform.clock,
        service_credential=credential.get_secret_value() if credential else None,
    )
    platform.closers.append(client.aclose)
    return HttpKnown{{ unit.upstream.entity_class }}Source(client)
{%- endif %}
{%- endif %}
