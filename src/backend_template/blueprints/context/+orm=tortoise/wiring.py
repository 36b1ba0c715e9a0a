"""Mounts the {{ unit.name }} context on the application: its adapters and its HTTP routes."""

from functools import partial

from fastapi import FastAPI

from {{ unit.api }}.router import build_router
from {{ unit.package }}.composition.platform import Platform
from {{ unit.infrastructure }}.unit_of_work import (
    Tortoise{{ unit.title }}UnitOfWork,
)

PREFIX = "/api/v1/{{ unit.name }}"


def install(app: FastAPI, platform: Platform) -> None:
    uow_factory = partial(Tortoise{{ unit.title }}UnitOfWork, platform.database)
    router = build_router(
        uow_factory,
        platform.clock,
        read_guard=platform.protect("{{ unit.name }}:read"),
        write_guard=platform.protect("{{ unit.name }}:write"),
    )
    app.include_router(router, prefix=PREFIX, tags=["{{ unit.name }}"])
