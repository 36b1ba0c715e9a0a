"""Fixtures of the {{ unit.name }} unit tests: in-memory adapters, no infrastructure."""

import pytest

from tests.fakes.clock import FakeClock
from tests.fakes.events import RecordingPublisher
from tests.fakes.{{ unit.name }}.unit_of_work import InMemory{{ unit.title }}UnitOfWork


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def publisher() -> RecordingPublisher:
    """What the use cases published: the events of the work they committed, in order."""
    return RecordingPublisher()


@pytest.fixture
def uow(publisher: RecordingPublisher) -> InMemory{{ unit.title }}UnitOfWork:
    return InMemory{{ unit.title }}UnitOfWork(published=publisher)
