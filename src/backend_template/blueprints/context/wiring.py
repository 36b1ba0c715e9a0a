"""Mounts the {{ unit.name }} context on the application: its adapters and its HTTP routes.

Importing the unit of work also registers the context's tables with the ORM.
"""

from fastapi import FastAPI

from {{ unit.api }}.router import build_router
from {{ unit.package }}.composition.platform import Platform
from {{ unit.infrastructure }}.unit_of_work import (
    unit_of_work_factory,
)

PREFIX = "/api/v1/{{ unit.name }}"


def install(app: FastAPI, platform: Platform) -> None:
    router = build_router(
        unit_of_work_factory(platform.database),
        platform.clock,
        platform.events,
        read_guard=platform.protect("{{ unit.name }}:read"),
        write_guard=platform.protect("{{ unit.name }}:write"),
    )
    app.include_router(router, prefix=PREFIX, tags=["{{ unit.name }}"])
