"""Builds the Platform: the process-wide services; this project has no authentication."""

from {{ cookiecutter.package_name }}.composition.platform import Platform
from {{ cookiecutter.package_name }}.infrastructure.database import Database
from {{ cookiecutter.package_name }}.infrastructure.event_bus import InProcessEventBus
from {{ cookiecutter.package_name }}.shared.clock import Clock
from {{ cookiecutter.package_name }}.shared.settings import Settings


def build_platform(
    settings: Settings,
    database: Database,
    clock: Clock,
    events: InProcessEventBus,
) -> Platform:
    return Platform(settings=settings, database=database, clock=clock, events=events)
