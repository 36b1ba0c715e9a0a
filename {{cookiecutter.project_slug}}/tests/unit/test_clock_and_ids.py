from datetime import UTC, datetime, timedelta

from {{ cookiecutter.package_name }}.shared.clock import SystemClock
from {{ cookiecutter.package_name }}.shared.ids import new_id


def test_the_system_clock_tells_aware_utc_time() -> None:
    now = SystemClock().now()
    assert now.tzinfo is UTC
    assert abs(datetime.now(UTC) - now) < timedelta(seconds=5)


def test_new_ids_are_random_version_4_uuids() -> None:
    first, second = new_id(), new_id()
    assert first != second
    assert first.version == 4
