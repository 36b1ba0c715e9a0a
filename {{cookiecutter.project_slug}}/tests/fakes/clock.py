"""A clock that only moves when told to, so that timestamps in tests are exact."""

from datetime import UTC, datetime, timedelta

START = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)


class FakeClock:
    def __init__(self, start: datetime = START) -> None:
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float = 60) -> datetime:
        """Move the clock on by ``seconds`` and return the new time."""
        self._now += timedelta(seconds=seconds)
        return self._now
