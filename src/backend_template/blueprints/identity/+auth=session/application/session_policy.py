"""How long sessions live, and how often their last use is written down."""

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class SessionPolicy:
    idle_timeout: timedelta
    absolute_timeout: timedelta
    touch_interval: timedelta
    """A session used again within this interval is not written: one write per interval at most."""
