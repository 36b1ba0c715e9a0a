"""A clock that only moves when told to, so that timestamps in tests are exact."""

from datetime import UTC, datetime, timedelta

START = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)


class FixedClock:
    def __init__(self, now: datetime = START) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta = timedelta(minutes=1)) -> datetime:
        self._now += delta
        return self._now
