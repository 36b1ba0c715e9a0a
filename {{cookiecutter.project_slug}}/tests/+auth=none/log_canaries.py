"""Without authentication there are no credential failures: the shared failures cover it."""

import pytest

from tests.log_capture import Attempt


@pytest.fixture
def canary_attempts() -> list[Attempt]:
    return []
