"""Fixtures of the {{ unit.name }} unit tests: in-memory adapters, no infrastructure."""

import pytest

from tests.fakes.{{ unit.name }}.clock import FixedClock
from tests.fakes.{{ unit.name }}.events import RecordingPublisher
from tests.fakes.{{ unit.name }}.unit_of_work import Fake{{ unit.title }}UnitOfWork


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def publisher() -> RecordingPublisher:
    """What the use cases published: the events of the work they committed, in order."""
    return RecordingPublisher()


@pytest.fixture
def uow(publisher: RecordingPublisher) -> Fake{{ unit.title }}UnitOfWork:
    return Fake{{ unit.title }}UnitOfWork(published=publisher)
