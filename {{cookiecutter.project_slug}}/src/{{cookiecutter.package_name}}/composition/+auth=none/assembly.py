"""Builds the Platform: the process-wide services; this project has no authentication."""

from {{ cookiecutter.package_name }}.composition.platform import Platform
from {{ cookiecutter.package_name }}.infrastructure.database import Database
from {{ cookiecutter.package_name }}.infrastructure.outbox.relay import OutboxRelay
from {{ cookiecutter.package_name }}.shared.clock import Clock
from {{ cookiecutter.package_name }}.shared.events import EventBus
from {{ cookiecutter.package_name }}.shared.settings import Settings


def build_platform(
    settings: Settings,
    database: Database,
    clock: Clock,
    events: EventBus,
    outbox: OutboxRelay,
) -> Platform:
    return Platform(
        settings=settings,
        database=database,
        clock=clock,
        events=events,
        outbox=outbox,
    )
